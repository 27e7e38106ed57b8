"""Pages of the suggestions and motions module, one module per area: ``suggestions`` (filing, review, the
office's work on one suggestion), ``units`` (the handling units' side), ``statistics``, ``publication``,
``motions``, ``letters`` (Word documents) and ``imports``."""
