"""Actuals: a week's executed rows per (week, table, row key), and the imports that wrote them.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 17:30:00.000000

"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


# revision identifiers, used by Alembic.
revision: str = "0004"
down_revision: Union[str, Sequence[str], None] = "0003"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "actuals_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("week", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("scenario_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("network_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["scenario_id"], ["scenario.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"]),
        sa.ForeignKeyConstraint(["version_id"], ["version.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("actuals_import", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actuals_import_week"), ["week"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_actuals_import_version_id"), ["version_id"], unique=False
        )

    op.create_table(
        "actual_row",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("week", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("table_name", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("row_key", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["import_id"], ["actuals_import.id"]),
        sa.ForeignKeyConstraint(["version_id"], ["version.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("week", "table_name", "row_key", name="uq_actual_row_week_key"),
    )
    with op.batch_alter_table("actual_row", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actual_row_week"), ["week"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("actual_row", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actual_row_week"))

    op.drop_table("actual_row")
    with op.batch_alter_table("actuals_import", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actuals_import_version_id"))
        batch_op.drop_index(batch_op.f("ix_actuals_import_week"))

    op.drop_table("actuals_import")
