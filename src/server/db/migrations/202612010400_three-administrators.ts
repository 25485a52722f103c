import { sql, type Kysely } from 'kysely';

// 三权分立 (issue 8; GB/T 22239-2019 8.1.4.2 c): the all-powerful system administrator becomes three
// roles — 系统管理员 system_admin (accounts, configuration), 安全管理员 security_admin (roles, grants,
// security settings) and 审计管理员 audit_admin (reads the audit log). One account never holds two of
// the three: a partial unique index allows at most one such grant per account (ADR 0010).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table staff_roles drop constraint if exists staff_roles_role_check`.execute(db);
  await sql`
    alter table staff_roles add constraint staff_roles_role_check check (role in (
      'window_clerk','approver_handle','approver_review','approver_signoff','catalogue_admin','hall_admin','supervisor',
      'system_admin','security_admin','audit_admin'))`.execute(db);
  await sql`
    create unique index staff_roles_one_administrator_uq on staff_roles (user_id)
    where role in ('system_admin','security_admin','audit_admin')`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists staff_roles_one_administrator_uq`.execute(db);
  await sql`delete from staff_roles where role in ('security_admin','audit_admin')`.execute(db);
  await sql`alter table staff_roles drop constraint if exists staff_roles_role_check`.execute(db);
  await sql`
    alter table staff_roles add constraint staff_roles_role_check check (role in (
      'window_clerk','approver_handle','approver_review','approver_signoff','catalogue_admin','hall_admin','supervisor','system_admin'))`.execute(db);
}
