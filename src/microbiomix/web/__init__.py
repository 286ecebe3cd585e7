"""The practitioner portal: a FastAPI application over the microbiomix library.

The portal never computes science itself: profiles are read and validated by
:mod:`microbiomix.readers`, and reports come from :mod:`microbiomix.pipeline`.
"""
