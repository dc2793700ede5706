{#- A CTE body: per group_by, the most frequent non-null value of column, ties broken
    by the earliest tie_breaker (e.g. mention_id). Output columns: group_by, column. -#}
{% macro most_frequent(relation, group_by, column, tie_breaker='mention_id') -%}
    select {{ group_by }}, {{ column }}
    from (
        select
            {{ group_by }},
            {{ column }},
            count(*) as n_mentions,
            min({{ tie_breaker }}) as first_seen
        from {{ relation }}
        where {{ column }} is not null
        group by {{ group_by }}, {{ column }}
    )
    qualify row_number() over (
        partition by {{ group_by }} order by n_mentions desc, first_seen
    ) = 1
{%- endmacro %}
