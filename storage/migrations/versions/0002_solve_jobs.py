"""Solve jobs: requested solves with progress and outcome, readable from any process.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 16:30:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


# revision identifiers, used by Alembic.
revision: str = '0002'
down_revision: Union[str, Sequence[str], None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('solve_job',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('scenario_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('network_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('progress', sa.JSON(), nullable=True),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.Column('error', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['scenario_id'], ['scenario.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ),
    sa.ForeignKeyConstraint(['version_id'], ['version.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('solve_job', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_solve_job_scenario_id'), ['scenario_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_solve_job_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_solve_job_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_solve_job_version_id'), ['version_id'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('solve_job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_solve_job_version_id'))
        batch_op.drop_index(batch_op.f('ix_solve_job_user_id'))
        batch_op.drop_index(batch_op.f('ix_solve_job_status'))
        batch_op.drop_index(batch_op.f('ix_solve_job_scenario_id'))

    op.drop_table('solve_job')
