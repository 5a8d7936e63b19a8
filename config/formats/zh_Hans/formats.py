"""Chinese number formats as CLDR writes them (2,133): Django's own zh_Hans formats have no thousand separator.
Everything else comes from Django's zh_Hans formats."""

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
