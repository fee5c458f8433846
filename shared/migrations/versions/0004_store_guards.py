"""The store guards itself: audit columns, clerk sessions, log-in in the store, guard triggers.

Both stores: `event.recorded_at` / `recorded_by`, the clerk's setup code, `clerk_session`
and `login_attempt`. PostgreSQL only: pgcrypto, the `hallq_pc_role` register of the PCs'
database roles (written by `hallq db roles`), the SECURITY DEFINER log-in functions, the
triggers that stamp and protect events, resolve the acting clerk from the session and
refuse supervisor actions without a supervisor, and row security on `event` and
`ticket`. The grants themselves live in shared/store/roles.py and are re-applied by
`hallq db upgrade` after every migration.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Stamp = sa.DateTime(timezone=True)

# Who may do what is decided by grants; these functions decide the rest. Every
# SECURITY DEFINER function pins its search_path so a caller cannot shadow a table.
GUARD_SQL = r"""
CREATE EXTENSION IF NOT EXISTS pgcrypto;

-- Who is asking: the PC's kind (NULL: the owner or another non-app role) and, from the
-- session token the client set for this transaction, the clerk logged in there.
CREATE OR REPLACE FUNCTION hallq_caller(
    OUT kind text, OUT clerk text, OUT roles text, OUT counter int, OUT session_id bigint
) LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    tok text := current_setting('hallq.session', true);
BEGIN
    SELECT r.kind INTO kind FROM hallq_pc_role r WHERE r.rolname = session_user;
    IF tok IS NOT NULL AND tok <> '' THEN
        SELECT s.login, s.roles, s.counter, s.id INTO clerk, roles, counter, session_id
        FROM clerk_session s
        WHERE s.token_hash = encode(digest(tok, 'sha256'), 'hex')
          AND s.closed_at IS NULL AND s.expires_at > now()
          AND s.opened_by = session_user;
    END IF;
END $$;

CREATE OR REPLACE FUNCTION hallq_is_supervisor(roles text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(roles ~ '(^|,)\s*(supervisor|admin)\s*(,|$)', false)
$$;

-- Audit trail: the server's clock and the writer's role, whatever the insert said; an
-- app's own insert carries the clerk of its session (none for kiosk, board and web).
CREATE OR REPLACE FUNCTION hallq_event_stamp() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    c record;
BEGIN
    NEW.recorded_at := clock_timestamp();
    NEW.recorded_by := session_user;
    IF current_user = session_user THEN
        SELECT * INTO c FROM hallq_caller();
        IF c.kind IN ('kiosk', 'display', 'web') THEN
            NEW.clerk := NULL;
        ELSIF c.kind = 'counter' THEN
            IF c.clerk IS NULL THEN
                RAISE EXCEPTION 'hallq: no clerk is logged in at this counter PC'
                    USING ERRCODE = '42501',
                          HINT = 'log in at the counter: its actions are recorded under that clerk';
            END IF;
            NEW.clerk := c.clerk;
        ELSIF c.kind = 'admin' AND c.clerk IS NOT NULL THEN
            NEW.clerk := c.clerk;
        END IF;
    END IF;
    RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS hallq_event_stamp ON event;
CREATE TRIGGER hallq_event_stamp BEFORE INSERT ON event
    FOR EACH ROW EXECUTE FUNCTION hallq_event_stamp();

CREATE OR REPLACE FUNCTION hallq_event_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('hallq.maintenance', true), '') = 'on' THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    RAISE EXCEPTION 'hallq: the event log is append-only (% refused)', TG_OP
        USING ERRCODE = '42501',
              HINT = 'archiving old years is an owner''s task: see docs/security.md, maintenance';
END $$;

DROP TRIGGER IF EXISTS hallq_event_guard ON event;
CREATE TRIGGER hallq_event_guard BEFORE UPDATE OR DELETE ON event
    FOR EACH ROW EXECUTE FUNCTION hallq_event_guard();
DROP TRIGGER IF EXISTS hallq_event_guard_truncate ON event;
CREATE TRIGGER hallq_event_guard_truncate BEFORE TRUNCATE ON event
    FOR EACH STATEMENT EXECUTE FUNCTION hallq_event_guard();

-- Counters: a clerk opens, pauses or closes only the counter logged in at, and only
-- under their own login; a supervisor (or the admin PC) may act on any counter.
CREATE OR REPLACE FUNCTION hallq_counter_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    c record;
BEGIN
    IF current_user <> session_user THEN
        RETURN NEW;
    END IF;
    SELECT * INTO c FROM hallq_caller();
    IF c.kind IS NULL OR (c.kind = 'admin' AND c.clerk IS NULL) THEN
        NULL;
    ELSIF c.clerk IS NULL THEN
        RAISE EXCEPTION 'hallq: no clerk is logged in at this PC' USING ERRCODE = '42501';
    ELSIF NOT hallq_is_supervisor(c.roles) THEN
        IF OLD.number IS DISTINCT FROM c.counter THEN
            RAISE EXCEPTION 'hallq: only a supervisor opens or closes another counter (%)',
                OLD.number USING ERRCODE = '42501';
        END IF;
        IF NEW.clerk IS NOT NULL AND NEW.clerk IS DISTINCT FROM c.clerk THEN
            RAISE EXCEPTION 'hallq: counter % is opened under the clerk logged in (%), not %',
                OLD.number, c.clerk, NEW.clerk USING ERRCODE = '42501';
        END IF;
    END IF;
    IF c.kind IS NOT NULL AND NEW.clerk IS NOT NULL AND NEW.clerk IS DISTINCT FROM OLD.clerk
       AND NOT EXISTS (SELECT 1 FROM clerk k WHERE k.hall_id = OLD.hall_id
                       AND k.login = NEW.clerk AND k.active) THEN
        RAISE EXCEPTION 'hallq: no active clerk %', NEW.clerk USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS hallq_counter_guard ON counter;
CREATE TRIGGER hallq_counter_guard BEFORE UPDATE OF state, clerk ON counter
    FOR EACH ROW EXECUTE FUNCTION hallq_counter_guard();

-- A called ticket records the clerk of the session, not one the client names.
CREATE OR REPLACE FUNCTION hallq_ticket_clerk() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    c record;
BEGIN
    IF current_user = session_user AND NEW.clerk IS NOT NULL
       AND NEW.clerk IS DISTINCT FROM OLD.clerk THEN
        SELECT * INTO c FROM hallq_caller();
        IF c.kind IS NOT NULL AND c.clerk IS NOT NULL THEN
            NEW.clerk := c.clerk;
        ELSIF c.kind IS NOT NULL AND c.kind <> 'admin' THEN
            RAISE EXCEPTION 'hallq: no clerk is logged in at this PC' USING ERRCODE = '42501';
        END IF;
    END IF;
    RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS hallq_ticket_clerk ON ticket;
CREATE TRIGGER hallq_ticket_clerk BEFORE UPDATE OF clerk ON ticket
    FOR EACH ROW EXECUTE FUNCTION hallq_ticket_clerk();

-- The counter PC changes tickets, ratings and bookings only with a clerk logged in
-- (once per statement: the row triggers above already name the clerk).
CREATE OR REPLACE FUNCTION hallq_counter_session() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_user = session_user
       AND (SELECT c.kind = 'counter' AND c.clerk IS NULL FROM hallq_caller() c) THEN
        RAISE EXCEPTION 'hallq: no clerk is logged in at this counter PC (% on %)',
            TG_OP, TG_TABLE_NAME USING ERRCODE = '42501';
    END IF;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS hallq_counter_session ON ticket;
CREATE TRIGGER hallq_counter_session BEFORE INSERT OR UPDATE ON ticket
    FOR EACH STATEMENT EXECUTE FUNCTION hallq_counter_session();
DROP TRIGGER IF EXISTS hallq_counter_session ON rating;
CREATE TRIGGER hallq_counter_session BEFORE INSERT OR UPDATE ON rating
    FOR EACH STATEMENT EXECUTE FUNCTION hallq_counter_session();
DROP TRIGGER IF EXISTS hallq_counter_session ON follow_up;
CREATE TRIGGER hallq_counter_session BEFORE INSERT ON follow_up
    FOR EACH STATEMENT EXECUTE FUNCTION hallq_counter_session();
DROP TRIGGER IF EXISTS hallq_counter_session ON appointment;
CREATE TRIGGER hallq_counter_session BEFORE UPDATE ON appointment
    FOR EACH STATEMENT EXECUTE FUNCTION hallq_counter_session();

-- Supervisor actions: extending a service's day, closing a 差评整改 item. The owner
-- and the admin PC (without a clerk session) are trusted; a counter PC needs a
-- supervisor's session.
CREATE OR REPLACE FUNCTION hallq_needs_supervisor(what text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    c record;
BEGIN
    IF current_user <> session_user THEN
        RETURN NULL;
    END IF;
    SELECT * INTO c FROM hallq_caller();
    IF c.kind IS NULL OR (c.kind = 'admin' AND c.clerk IS NULL) THEN
        RETURN c.clerk;
    END IF;
    IF c.clerk IS NULL OR NOT hallq_is_supervisor(c.roles) THEN
        RAISE EXCEPTION 'hallq: % needs a supervisor logged in', what USING ERRCODE = '42501';
    END IF;
    RETURN c.clerk;
END $$;

CREATE OR REPLACE FUNCTION hallq_override_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM hallq_needs_supervisor('extending a service''s day');
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION hallq_follow_up_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    who text;
BEGIN
    IF NEW.state IS NOT DISTINCT FROM OLD.state
       AND NEW.closed_by IS NOT DISTINCT FROM OLD.closed_by
       AND NEW.outcome IS NOT DISTINCT FROM OLD.outcome THEN
        RETURN NEW;
    END IF;
    who := hallq_needs_supervisor('closing a follow-up item');
    IF who IS NOT NULL THEN
        NEW.closed_by := who;  -- who closed it is the session's, not the client's say
    ELSIF current_user = session_user AND (SELECT kind FROM hallq_caller()) = 'admin'
          AND NOT EXISTS (SELECT 1 FROM clerk k WHERE k.hall_id = NEW.hall_id
                          AND k.login = NEW.closed_by AND k.active
                          AND hallq_is_supervisor(k.roles)) THEN
        -- The admin PC without a clerk session names the supervisor who closes it.
        RAISE EXCEPTION 'hallq: closing a follow-up item names the supervisor who did it (--by)'
            USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS hallq_supervisor_guard ON service_day_override;
CREATE TRIGGER hallq_supervisor_guard BEFORE INSERT OR UPDATE ON service_day_override
    FOR EACH ROW EXECUTE FUNCTION hallq_override_guard();
DROP TRIGGER IF EXISTS hallq_supervisor_guard ON follow_up;
CREATE TRIGGER hallq_supervisor_guard BEFORE UPDATE ON follow_up
    FOR EACH ROW EXECUTE FUNCTION hallq_follow_up_guard();

-- The clock a log-in function uses: the server's, except for the owner (simulator, tests).
CREATE OR REPLACE FUNCTION hallq_trusted_now(p_now timestamptz) RETURNS timestamptz
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT CASE
        WHEN p_now IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM hallq_pc_role WHERE rolname = session_user)
        THEN p_now ELSE clock_timestamp() END
$$;

CREATE OR REPLACE FUNCTION hallq_login_event(
    p_hall int, p_at timestamptz, p_kind text, p_counter int, p_clerk text, p_details json
) RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    INSERT INTO event (hall_id, at, kind, counter, clerk, details)
    VALUES (p_hall, p_at, p_kind, p_counter, p_clerk, coalesce(p_details, '{}'::json))
    RETURNING id
$$;

-- One failed attempt for a typed login, known or not; the answer is the same for both.
CREATE OR REPLACE FUNCTION hallq_login_failure(
    p_hall int, p_login text, p_counter int, p_now timestamptz, p_known boolean,
    OUT status text, OUT remaining int, OUT until timestamptz, OUT event_id bigint
) LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    settings json;
    lim int;
    minutes float8;
    fails int;
BEGIN
    SELECT h.settings INTO settings FROM hall h WHERE h.id = p_hall;
    lim := greatest(1, coalesce((settings -> 'login' ->> 'max_failures')::int, 5));
    minutes := coalesce((settings -> 'login' ->> 'lock_minutes')::float8, 15);
    UPDATE login_attempt SET failures = failures + 1
    WHERE hall_id = p_hall AND login = p_login RETURNING failures INTO fails;
    IF fails >= lim THEN
        until := p_now + make_interval(secs => minutes * 60);
        UPDATE login_attempt SET failures = 0, locked_until = until
        WHERE hall_id = p_hall AND login = p_login;
        status := 'locked';
        remaining := 0;
        event_id := hallq_login_event(p_hall, p_now, 'login_locked', p_counter,
            CASE WHEN p_known THEN p_login END,
            json_build_object('failures', lim, 'until', until, 'login', p_login));
    ELSE
        status := 'bad';
        remaining := lim - fails;
        event_id := hallq_login_event(p_hall, p_now, 'login_failed', p_counter,
            CASE WHEN p_known THEN p_login END,
            json_build_object('failures', fails, 'limit', lim, 'login', p_login));
    END IF;
END $$;

-- Lock the attempt row of a typed login; the locked-until time if it is locked now.
CREATE OR REPLACE FUNCTION hallq_login_gate(p_hall int, p_login text, p_now timestamptz)
RETURNS timestamptz
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    until timestamptz;
BEGIN
    INSERT INTO login_attempt (hall_id, login, failures) VALUES (p_hall, p_login, 0)
    ON CONFLICT DO NOTHING;
    SELECT a.locked_until INTO until FROM login_attempt a
    WHERE a.hall_id = p_hall AND a.login = p_login FOR UPDATE;
    IF until IS NOT NULL AND until > p_now THEN
        RETURN until;
    END IF;
    RETURN NULL;
END $$;

-- Log-in: the password is checked here (bcrypt), failures counted and locked out after
-- the hall's limit, whatever client asks. 'ok' opens a session and returns its token.
CREATE OR REPLACE FUNCTION hallq_log_in(
    p_hall int, p_login text, p_password text, p_counter int, p_now timestamptz DEFAULT NULL,
    OUT status text, OUT token text, OUT name text, OUT roles text,
    OUT remaining int, OUT until timestamptz, OUT event_id bigint
) LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    now_ timestamptz := hallq_trusted_now(p_now);
    k clerk%ROWTYPE;
    ok boolean := false;
    wanted text[];
    served text[];
    f record;
BEGIN
    p_login := btrim(coalesce(p_login, ''));
    IF p_login = '' OR length(p_login) > 80 OR length(coalesce(p_password, '')) > 200 THEN
        status := 'bad';
        RETURN;
    END IF;
    until := hallq_login_gate(p_hall, p_login, now_);
    SELECT * INTO k FROM clerk c WHERE c.hall_id = p_hall AND c.login = p_login AND c.active;
    IF until IS NOT NULL THEN
        status := 'locked';
        event_id := hallq_login_event(p_hall, now_, 'login_refused', p_counter,
            CASE WHEN k.id IS NOT NULL THEN p_login END,
            json_build_object('reason', 'locked', 'login', p_login));
        RETURN;
    END IF;
    IF k.id IS NOT NULL AND (k.password_hash IS NULL OR k.password_hash NOT LIKE '$2%') THEN
        -- No password yet, or one from before the store checked passwords (argon2):
        -- the clerk needs a setup code from an admin (`hallq clerk invite`).
        status := 'setup';
        RETURN;
    END IF;
    IF k.id IS NOT NULL THEN
        ok := crypt(coalesce(p_password, ''), k.password_hash) = k.password_hash;
    ELSE
        -- The same work for an unknown login, so time does not tell them apart.
        PERFORM crypt(coalesce(p_password, ''), gen_salt('bf', 10));
    END IF;
    IF NOT ok THEN
        SELECT * INTO f FROM hallq_login_failure(p_hall, p_login, p_counter, now_, k.id IS NOT NULL);
        status := f.status; remaining := f.remaining; until := f.until; event_id := f.event_id;
        RETURN;
    END IF;
    IF p_counter IS NOT NULL THEN
        -- AB角: a clerk of named services sits only at a counter serving one of them.
        wanted := array_remove(string_to_array(replace(k.services, ' ', ''), ','), '');
        IF array_length(wanted, 1) > 0 AND k.roles ~ '(^|,)\s*clerk\s*(,|$)' THEN
            SELECT array_agg(s.code) INTO served FROM service s
            JOIN counter_service cs ON cs.service_id = s.id
            JOIN counter c ON c.id = cs.counter_id
            WHERE c.hall_id = p_hall AND c.number = p_counter;
            IF served IS NOT NULL AND NOT (served && wanted) THEN
                status := 'not_qualified';
                RETURN;
            END IF;
        END IF;
    END IF;
    UPDATE login_attempt SET failures = 0, locked_until = NULL
    WHERE hall_id = p_hall AND login = p_login;
    token := encode(gen_random_bytes(32), 'hex');
    INSERT INTO clerk_session (hall_id, token_hash, clerk_id, login, roles, counter,
                               opened_at, opened_by, expires_at)
    VALUES (p_hall, encode(digest(token, 'sha256'), 'hex'), k.id, k.login, k.roles, p_counter,
            now_, session_user, clock_timestamp() + interval '16 hours');
    name := k.name;
    roles := k.roles;
    status := 'ok';
    event_id := hallq_login_event(p_hall, now_, 'login', p_counter, k.login,
        json_build_object('roles', string_to_array(replace(k.roles, ' ', ''), ',')));
END $$;

CREATE OR REPLACE FUNCTION hallq_log_out(p_now timestamptz DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    c record;
    s clerk_session%ROWTYPE;
    now_ timestamptz := hallq_trusted_now(p_now);
BEGIN
    SELECT * INTO c FROM hallq_caller();
    IF c.session_id IS NULL THEN
        RETURN NULL;
    END IF;
    UPDATE clerk_session SET closed_at = clock_timestamp() WHERE id = c.session_id
    RETURNING * INTO s;
    RETURN hallq_login_event(s.hall_id, now_, 'logout', s.counter, s.login, '{}'::json);
END $$;

-- Set or clear a clerk's password: the admin PC (or the owner), or a supervisor's session.
CREATE OR REPLACE FUNCTION hallq_set_password(
    p_hall int, p_login text, p_password text, p_now timestamptz DEFAULT NULL
) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    c record;
    now_ timestamptz := hallq_trusted_now(p_now);
    kid int;
BEGIN
    SELECT * INTO c FROM hallq_caller();
    IF c.kind IS NOT NULL AND c.kind <> 'admin' AND NOT hallq_is_supervisor(c.roles) THEN
        RAISE EXCEPTION 'hallq: only an admin or a supervisor sets a clerk''s password'
            USING ERRCODE = '42501';
    END IF;
    IF c.kind IS NOT NULL AND c.kind <> 'admin' AND EXISTS (
        SELECT 1 FROM clerk k WHERE k.hall_id = p_hall AND k.login = btrim(p_login)
        AND k.roles ~ '(^|,)\s*admin\s*(,|$)') THEN
        RAISE EXCEPTION 'hallq: an admin''s password is set from the admin PC only'
            USING ERRCODE = '42501';
    END IF;
    IF p_password IS NOT NULL AND length(p_password) < 6 THEN
        RAISE EXCEPTION 'hallq: a password needs at least 6 characters' USING ERRCODE = '22023';
    END IF;
    UPDATE clerk SET password_hash = CASE WHEN p_password IS NULL THEN NULL
                                          ELSE crypt(p_password, gen_salt('bf', 10)) END,
                     failed_logins = 0, locked_until = NULL,
                     setup_code_hash = NULL, setup_expires = NULL
    WHERE hall_id = p_hall AND login = btrim(p_login) AND active RETURNING id INTO kid;
    IF kid IS NULL THEN
        RAISE EXCEPTION 'hallq: no active clerk with login %', p_login USING ERRCODE = 'P0002';
    END IF;
    DELETE FROM login_attempt WHERE hall_id = p_hall AND login = btrim(p_login);
    UPDATE clerk_session SET closed_at = clock_timestamp()
    WHERE clerk_id = kid AND closed_at IS NULL;
    RETURN hallq_login_event(p_hall, now_, 'password_reset', NULL, btrim(p_login),
        json_build_object('by', coalesce(c.clerk, session_user::text),
                          'cleared', p_password IS NULL));
END $$;

-- `hallq clerk invite`: a one-time setup code, valid for p_minutes; the first password
-- (or a new one after a reset) can be set only with it.
CREATE OR REPLACE FUNCTION hallq_invite(
    p_hall int, p_login text, p_minutes int, p_now timestamptz DEFAULT NULL,
    OUT code text, OUT expires timestamptz
) LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    c record;
    now_ timestamptz := hallq_trusted_now(p_now);
    kid int;
BEGIN
    SELECT * INTO c FROM hallq_caller();
    IF c.kind IS NOT NULL AND c.kind <> 'admin' THEN
        RAISE EXCEPTION 'hallq: only the admin PC invites clerks' USING ERRCODE = '42501';
    END IF;
    IF p_minutes IS NULL OR p_minutes < 1 OR p_minutes > 7 * 24 * 60 THEN
        RAISE EXCEPTION 'hallq: a setup code is valid 1 minute to 7 days' USING ERRCODE = '22023';
    END IF;
    code := lpad(((('x' || encode(gen_random_bytes(6), 'hex'))::bit(48)::bigint)
                  % 1000000000000)::text, 12, '0');
    expires := now_ + make_interval(mins => p_minutes);
    UPDATE clerk SET setup_code_hash = crypt(code, gen_salt('bf', 8)), setup_expires = expires
    WHERE hall_id = p_hall AND login = btrim(p_login) AND active RETURNING id INTO kid;
    IF kid IS NULL THEN
        RAISE EXCEPTION 'hallq: no active clerk with login %', p_login USING ERRCODE = 'P0002';
    END IF;
    PERFORM hallq_login_event(p_hall, now_, 'clerk_invited', NULL, btrim(p_login),
        json_build_object('by', coalesce(c.clerk, session_user::text), 'expires', expires));
END $$;

-- First log-in: the setup code and the clerk's own new password. Wrong codes count as
-- failed log-ins.
CREATE OR REPLACE FUNCTION hallq_first_password(
    p_hall int, p_login text, p_code text, p_password text, p_now timestamptz DEFAULT NULL,
    OUT status text, OUT remaining int, OUT until timestamptz, OUT event_id bigint
) LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    now_ timestamptz := hallq_trusted_now(p_now);
    k clerk%ROWTYPE;
    f record;
BEGIN
    p_login := btrim(coalesce(p_login, ''));
    IF p_login = '' OR length(p_login) > 80 THEN
        status := 'bad';
        RETURN;
    END IF;
    IF length(coalesce(p_password, '')) < 6 OR length(p_password) > 200 THEN
        status := 'weak';
        RETURN;
    END IF;
    until := hallq_login_gate(p_hall, p_login, now_);
    IF until IS NOT NULL THEN
        status := 'locked';
        RETURN;
    END IF;
    SELECT * INTO k FROM clerk c WHERE c.hall_id = p_hall AND c.login = p_login AND c.active
    FOR UPDATE;
    IF k.id IS NULL OR k.setup_code_hash IS NULL OR k.setup_expires <= now_
       OR crypt(regexp_replace(coalesce(p_code, ''), '[^0-9]', '', 'g'), k.setup_code_hash)
          <> k.setup_code_hash THEN
        SELECT * INTO f FROM hallq_login_failure(p_hall, p_login, NULL, now_, k.id IS NOT NULL);
        status := f.status; remaining := f.remaining; until := f.until; event_id := f.event_id;
        RETURN;
    END IF;
    UPDATE clerk SET password_hash = crypt(p_password, gen_salt('bf', 10)),
                     setup_code_hash = NULL, setup_expires = NULL,
                     failed_logins = 0, locked_until = NULL
    WHERE id = k.id;
    UPDATE login_attempt SET failures = 0, locked_until = NULL
    WHERE hall_id = p_hall AND login = p_login;
    status := 'ok';
    event_id := hallq_login_event(p_hall, now_, 'password_set', NULL, k.login,
        json_build_object('by', 'clerk'));
END $$;

ALTER TABLE event ENABLE ROW LEVEL SECURITY;
ALTER TABLE ticket ENABLE ROW LEVEL SECURITY;
"""

FUNCTIONS = (
    "hallq_log_in(int, text, text, int, timestamptz)",
    "hallq_log_out(timestamptz)",
    "hallq_set_password(int, text, text, timestamptz)",
    "hallq_invite(int, text, int, timestamptz)",
    "hallq_first_password(int, text, text, text, timestamptz)",
    "hallq_caller()",
    "hallq_trusted_now(timestamptz)",
    "hallq_login_event(int, timestamptz, text, int, text, json)",
    "hallq_login_failure(int, text, int, timestamptz, boolean)",
    "hallq_login_gate(int, text, timestamptz)",
)


def upgrade() -> None:
    bind = op.get_bind()
    # Events from before this revision keep recorded_at NULL (the store did not record
    # it then): `hallq audit` skips them rather than flag the migration's time.
    with op.batch_alter_table("event") as batch:
        batch.add_column(sa.Column("recorded_at", Stamp, nullable=True))
        batch.add_column(sa.Column("recorded_by", sa.String(63), nullable=True))
    if bind.dialect.name == "sqlite":
        with op.batch_alter_table("event") as batch:
            batch.alter_column(
                "recorded_at", existing_type=Stamp, server_default=sa.text("CURRENT_TIMESTAMP")
            )
    with op.batch_alter_table("clerk") as batch:
        batch.add_column(sa.Column("setup_code_hash", sa.String(255), nullable=True))
        batch.add_column(sa.Column("setup_expires", Stamp, nullable=True))
    op.create_table(
        "clerk_session",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("hall_id", sa.Integer(), sa.ForeignKey("hall.id"), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("clerk_id", sa.Integer(), sa.ForeignKey("clerk.id"), nullable=False),
        sa.Column("login", sa.String(80), nullable=False),
        sa.Column("roles", sa.String(200), nullable=False),
        sa.Column("counter", sa.Integer(), nullable=True),
        sa.Column("opened_at", Stamp, nullable=False),
        sa.Column("opened_by", sa.String(63), nullable=False),
        sa.Column("expires_at", Stamp, nullable=False),
        sa.Column("closed_at", Stamp, nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "login_attempt",
        sa.Column("hall_id", sa.Integer(), sa.ForeignKey("hall.id"), nullable=False),
        sa.Column("login", sa.String(80), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", Stamp, nullable=True),
        sa.PrimaryKeyConstraint("hall_id", "login"),
    )
    op.create_table(
        "hallq_pc_role",
        sa.Column("rolname", sa.String(63), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("rolname"),
    )
    if bind.dialect.name != "postgresql":
        return
    op.execute(
        "ALTER TABLE event ALTER COLUMN recorded_at SET DEFAULT clock_timestamp(), "
        "ALTER COLUMN recorded_by SET DEFAULT session_user"
    )
    # The log-in functions set the count themselves; a default keeps direct inserts sane.
    op.execute("ALTER TABLE login_attempt ALTER COLUMN failures SET DEFAULT 0")
    op.execute(GUARD_SQL)
    for signature in FUNCTIONS:
        op.execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE event DISABLE ROW LEVEL SECURITY")
        op.execute("ALTER TABLE ticket DISABLE ROW LEVEL SECURITY")
        for trigger, table in (
            ("hallq_event_stamp", "event"),
            ("hallq_event_guard", "event"),
            ("hallq_event_guard_truncate", "event"),
            ("hallq_counter_guard", "counter"),
            ("hallq_ticket_clerk", "ticket"),
            ("hallq_counter_session", "ticket"),
            ("hallq_counter_session", "rating"),
            ("hallq_counter_session", "follow_up"),
            ("hallq_counter_session", "appointment"),
            ("hallq_supervisor_guard", "service_day_override"),
            ("hallq_supervisor_guard", "follow_up"),
        ):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
        for signature in FUNCTIONS:
            op.execute(f"DROP FUNCTION IF EXISTS {signature}")
        for name in ("hallq_event_stamp", "hallq_event_guard", "hallq_counter_guard",
                     "hallq_ticket_clerk", "hallq_override_guard", "hallq_follow_up_guard",
                     "hallq_counter_session"):
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
        op.execute("DROP FUNCTION IF EXISTS hallq_needs_supervisor(text)")
        op.execute("DROP FUNCTION IF EXISTS hallq_is_supervisor(text)")
    op.drop_table("hallq_pc_role")
    op.drop_table("login_attempt")
    op.drop_table("clerk_session")
    with op.batch_alter_table("clerk") as batch:
        batch.drop_column("setup_expires")
        batch.drop_column("setup_code_hash")
    with op.batch_alter_table("event") as batch:
        batch.drop_column("recorded_by")
        batch.drop_column("recorded_at")
