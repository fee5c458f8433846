"""The store: SQLAlchemy models, engines for SQLite and PostgreSQL, migrations, hall apply."""
