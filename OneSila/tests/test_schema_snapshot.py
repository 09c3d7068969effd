"""The committed SDL snapshot (schema.graphql) matches the live schema."""

from pathlib import Path

from django.conf import settings

from OneSila.schema import schema


def test_schema_matches_committed_snapshot():
    snapshot = Path(settings.BASE_DIR) / "schema.graphql"
    assert snapshot.exists(), "schema.graphql is missing: run `python manage.py export_graphql_schema`."
    assert schema.as_str() + "\n" == snapshot.read_text(), (
        "The GraphQL schema drifted from schema.graphql. If the change is intended, run "
        "`python manage.py export_graphql_schema` and commit the file."
    )


def test_no_type_exposes_secret_looking_fields():
    sdl = schema.as_str().lower()
    for word in ("password", "access_token", "accesstoken", "secret", "refreshtoken"):
        assert word not in sdl, f"A GraphQL type exposes '{word}'"
