"""Contingency playbooks: pre-solved responses per live version and contingency.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 09:00:00.000000

"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


# revision identifiers, used by Alembic.
revision: str = "0008"
down_revision: Union[str, Sequence[str], None] = "0007"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "playbook",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("element_kind", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("element_id", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("edits", sa.JSON(), nullable=False),
        sa.Column("live_version_id", sa.Integer(), nullable=False),
        sa.Column("network_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("scenario_id", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.JSON(), nullable=False),
        sa.Column("solve_s", sa.Float(), nullable=False),
        sa.Column("solved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["live_version_id"], ["version.id"]),
        sa.ForeignKeyConstraint(["scenario_id"], ["scenario.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("live_version_id", "key", name="uq_playbook_live_key"),
    )
    with op.batch_alter_table("playbook", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_playbook_live_version_id"), ["live_version_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_playbook_network_hash"), ["network_hash"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("playbook", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_playbook_network_hash"))
        batch_op.drop_index(batch_op.f("ix_playbook_live_version_id"))
    op.drop_table("playbook")
