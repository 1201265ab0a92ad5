"""Playbooks: superseded versions keep their history; the latest refresh of each contingency.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 12:30:00.000000

"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


# revision identifiers, used by Alembic.
revision: str = "0009"
down_revision: Union[str, Sequence[str], None] = "0008"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("playbook", schema=None) as batch_op:
        batch_op.add_column(sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("superseded_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_playbook_superseded_by_id", "playbook", ["superseded_by_id"], ["id"]
        )
    op.create_table(
        "playbook_attempt",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("element_kind", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("element_id", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("live_version_id", sa.Integer(), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("playbook_id", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["live_version_id"], ["version.id"]),
        sa.ForeignKeyConstraint(["playbook_id"], ["playbook.id"]),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("playbook_attempt")
    with op.batch_alter_table("playbook", schema=None) as batch_op:
        batch_op.drop_constraint("fk_playbook_superseded_by_id", type_="foreignkey")
        batch_op.drop_column("superseded_by_id")
        batch_op.drop_column("superseded_at")
