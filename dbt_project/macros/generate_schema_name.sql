{#- Custom schemas are used as they are (staging, intermediate, marts, audit, reference),
    not prefixed with the target schema (dbt's default would build main_marts). -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
