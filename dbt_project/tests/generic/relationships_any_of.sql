{#- Like relationships, but a value may be found in either of two parents
    (e.g. a host code is a country in dim_countries or a bloc in dim_partners). -#}
{% test relationships_any_of(model, column_name, to, field, also_to, also_field) %}
    select child.{{ column_name }}
    from {{ model }} as child
    where child.{{ column_name }} is not null
      and child.{{ column_name }} not in (select {{ field }} from {{ to }} where {{ field }} is not null)
      and child.{{ column_name }} not in (select {{ also_field }} from {{ also_to }} where {{ also_field }} is not null)
{% endtest %}
