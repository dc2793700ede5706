"""The working DuckDB database: connections and the raw/audit schema."""
