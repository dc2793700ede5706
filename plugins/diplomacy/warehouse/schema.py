"""The raw layer and the audit tables of the working database.

raw.*   what the pipeline landed and extracted; dbt reads it as sources.
audit.* what happened to each load; copied into the published snapshot.
Idempotent DDL: safe to run at the start of every task."""

RAW_DDL = [
    "CREATE SCHEMA IF NOT EXISTS raw",
    "CREATE SCHEMA IF NOT EXISTS audit",
    # One row per distinct text. article_id is derived from the content hash,
    # so landing the same text twice (any file, any run) is a no-op.
    """
    CREATE TABLE IF NOT EXISTS raw.articles (
        article_id      VARCHAR PRIMARY KEY,
        content_hash    VARCHAR NOT NULL,
        text            VARCHAR USING COMPRESSION zstd,
        title           VARCHAR,
        url             VARCHAR,
        outlet          VARCHAR,
        published_raw   VARCHAR,
        published_at    TIMESTAMP,
        language        VARCHAR,
        source_file     VARCHAR NOT NULL,
        source_record   VARCHAR,
        source_format   VARCHAR NOT NULL,
        n_chars         INTEGER NOT NULL,
        load_id         VARCHAR NOT NULL,
        landed_at       TIMESTAMP NOT NULL
    )
    """,
    # Every file and record a text was seen in: an exact copy in another file is
    # one article (one row above) but keeps its provenance here.
    """
    CREATE TABLE IF NOT EXISTS raw.article_sources (
        article_id      VARCHAR NOT NULL,
        source_file     VARCHAR NOT NULL,
        source_record   VARCHAR,
        source_format   VARCHAR NOT NULL,
        load_id         VARCHAR NOT NULL,
        seen_at         TIMESTAMP NOT NULL
    )
    """,
    # Nothing is lost: what could not be read is kept with its reason and bytes.
    """
    CREATE TABLE IF NOT EXISTS raw.rejected_inputs (
        source_file     VARCHAR NOT NULL,
        source_record   VARCHAR,
        reason          VARCHAR NOT NULL,
        size_bytes      BIGINT,
        original_bytes  BLOB,
        load_id         VARCHAR NOT NULL,
        rejected_at     TIMESTAMP NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS raw.loads (
        load_id           VARCHAR PRIMARY KEY,
        landing_dir       VARCHAR,
        started_at        TIMESTAMP,
        finished_at       TIMESTAMP,
        files_seen        INTEGER,
        records_seen      INTEGER,
        articles_landed   INTEGER,
        duplicates        INTEGER,
        rejected          INTEGER,
        -- NULL until the landing gate ran; only loads that passed it are extracted.
        gate_success      BOOLEAN
    )
    """,
    # Story linking: copies and rewrites of one story share story_id.
    """
    CREATE TABLE IF NOT EXISTS raw.article_stories (
        article_id          VARCHAR PRIMARY KEY,
        story_id            VARCHAR NOT NULL,
        matched_article_id  VARCHAR,
        containment         DOUBLE,
        linked_at           TIMESTAMP NOT NULL
    )
    """,
    "CREATE TABLE IF NOT EXISTS raw.article_shingles (article_id VARCHAR NOT NULL, shingle UBIGINT NOT NULL)",
    # Which articles each extractor version has read, with what it inferred
    # about the article as a whole (the publication date when metadata has none).
    """
    CREATE TABLE IF NOT EXISTS raw.extracted_articles (
        article_id            VARCHAR NOT NULL,
        extractor_version     VARCHAR NOT NULL,
        published_date        DATE,
        published_at_source   VARCHAR NOT NULL,
        n_sentences           INTEGER,
        n_event_mentions      INTEGER,
        n_relationship_mentions INTEGER,
        extracted_at          TIMESTAMP NOT NULL,
        PRIMARY KEY (article_id, extractor_version)
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS raw.event_mentions (
        mention_id          VARCHAR PRIMARY KEY,
        article_id          VARCHAR NOT NULL,
        extractor_version   VARCHAR NOT NULL,
        sentence_index      INTEGER NOT NULL,
        sentence            VARCHAR NOT NULL,
        char_start          INTEGER NOT NULL,
        char_end            INTEGER NOT NULL,
        event_type          VARCHAR NOT NULL,
        partner_code        VARCHAR,
        host_code           VARCHAR,
        location_city       VARCHAR,
        participants        VARCHAR[] NOT NULL,
        date_start          DATE,
        date_end            DATE,
        date_precision      VARCHAR,
        status              VARCHAR NOT NULL,
        is_first            BOOLEAN,
        level               VARCHAR NOT NULL,
        trigger             VARCHAR
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS raw.relationship_mentions (
        mention_id          VARCHAR PRIMARY KEY,
        article_id          VARCHAR NOT NULL,
        extractor_version   VARCHAR NOT NULL,
        sentence_index      INTEGER NOT NULL,
        sentence            VARCHAR NOT NULL,
        char_start          INTEGER NOT NULL,
        char_end            INTEGER NOT NULL,
        ca_iso2             VARCHAR NOT NULL,
        partner_code        VARCHAR NOT NULL,
        relation            VARCHAR NOT NULL,
        value               VARCHAR,
        since               INTEGER
    )
    """,
    # One row per gate run; published with the marts so BI can chart quality.
    """
    CREATE TABLE IF NOT EXISTS audit.validation_runs (
        run_id              VARCHAR NOT NULL,
        suite               VARCHAR NOT NULL,
        success             BOOLEAN NOT NULL,
        evaluated           INTEGER,
        successful          INTEGER,
        failed              INTEGER,
        failed_expectations VARCHAR[],
        details             VARCHAR,
        load_id             VARCHAR,
        data_docs_path      VARCHAR,
        validated_at        TIMESTAMP NOT NULL
    )
    """,
]
