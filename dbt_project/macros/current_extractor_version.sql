{#- The extractor version whose output the marts show: --vars '{extractor_version: ...}',
    else the env var DIPLOMACY_EXTRACTOR_VERSION, else 'dev'. -#}
{% macro current_extractor_version() -%}
    {{ return(var('extractor_version', env_var('DIPLOMACY_EXTRACTOR_VERSION', 'dev')) | string) }}
{%- endmacro %}

{#- The same as a quoted SQL string literal. -#}
{% macro current_extractor_version_literal() -%}
    '{{ current_extractor_version() | replace("'", "''") }}'
{%- endmacro %}
