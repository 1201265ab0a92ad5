"""Solve jobs name the process running them, so a restart on that machine fails them at once.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-08 12:00:00.000000

"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


# revision identifiers, used by Alembic.
revision: str = "0006"
down_revision: Union[str, Sequence[str], None] = "0005"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("solve_job", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "worker",
                sqlmodel.sql.sqltypes.AutoString(length=255),
                nullable=False,
                server_default="",
            )
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("solve_job", schema=None) as batch_op:
        batch_op.drop_column("worker")
