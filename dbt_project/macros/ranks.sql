{#- Orders of the enumerations, higher is more precise / more senior. -#}
{% macro precision_rank(column) -%}
    case {{ column }} when 'day' then 3 when 'month' then 2 when 'year' then 1 else 0 end
{%- endmacro %}

{% macro level_rank(column) -%}
    case {{ column }} when 'leaders' then 3 when 'ministers' then 2 when 'officials' then 1 else 0 end
{%- endmacro %}
