"""GraphQL building blocks shared by every app: tenancy-scoped types and CRUD mutations."""
