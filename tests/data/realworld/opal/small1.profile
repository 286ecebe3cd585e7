# Taxonomic Profiling Output
@SampleID:CAMI_LOW_S001
@Version:0.9.1
@Ranks:superkingdom|phylum|class|order|family|genus|species|strain
@TaxonomyID:ncbi-taxonomy_DATE
@__program__:unknown
@@TAXID	RANK	TAXPATH	TAXPATHSN	PERCENTAGE
4	superkingdom	4	Archaea	80
5	superkingdom	5	Viruses	20
3	phylum	4|3	Archaea|Crenarchaeota	50
2	class	4||2	Archaea||ZZZ	20
1	class	4|3|1	Archaea|Crenarchaeota|Thermoprotei	50
0	strain	5||||0	Viruses||||Viruses strain	20	Sample6_49	p0