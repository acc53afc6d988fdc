#include "core/store/Migrations.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QUuid>

namespace llmux {
namespace {

QStringList revisionTriggers(const QString &table)
{
    QStringList out;
    for (const char *op : {"INSERT", "UPDATE", "DELETE"}) {
        out << QStringLiteral("CREATE TRIGGER %1_%2_bumps_revision AFTER %2 ON %1 BEGIN "
                              "UPDATE meta SET value = CAST(value AS INTEGER) + 1 "
                              "WHERE key = 'config_revision'; END")
                   .arg(table, QString::fromLatin1(op));
    }
    return out;
}

// Version 1: configuration the gateway serves. Every change to it bumps meta.config_revision,
// which is how a running gateway notices edits made by another process (CLI or GUI).
QStringList version1()
{
    QStringList s = {
        QStringLiteral("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
        QStringLiteral("INSERT INTO meta (key, value) VALUES ('config_revision', '1')"),
        QStringLiteral("INSERT INTO meta (key, value) VALUES ('instance_id', '%1')")
            .arg(QUuid::createUuid().toString(QUuid::WithoutBraces)),
        QStringLiteral("CREATE TABLE providers ("
                       " id INTEGER PRIMARY KEY,"
                       " name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
                       " kind TEXT NOT NULL,"
                       " base_url TEXT NOT NULL,"
                       " api_key_env TEXT,"
                       " secret_in_keychain INTEGER NOT NULL DEFAULT 0,"
                       " connect_timeout_ms INTEGER NOT NULL DEFAULT 10000,"
                       " first_byte_timeout_ms INTEGER NOT NULL DEFAULT 300000,"
                       " idle_timeout_ms INTEGER NOT NULL DEFAULT 120000,"
                       " enabled INTEGER NOT NULL DEFAULT 1,"
                       " created_at INTEGER NOT NULL)"),
        QStringLiteral("CREATE TABLE models ("
                       " id INTEGER PRIMARY KEY,"
                       " public_name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
                       " provider_id INTEGER NOT NULL REFERENCES providers(id) ON DELETE CASCADE,"
                       " upstream_model TEXT NOT NULL,"
                       " price_in REAL,"
                       " price_out REAL,"
                       " enabled INTEGER NOT NULL DEFAULT 1,"
                       " created_at INTEGER NOT NULL)"),
        QStringLiteral("CREATE TABLE gateway_keys ("
                       " id INTEGER PRIMARY KEY,"
                       " name TEXT NOT NULL,"
                       " key_hash BLOB NOT NULL UNIQUE,"
                       " display_prefix TEXT NOT NULL,"
                       " created_at INTEGER NOT NULL,"
                       " expires_at INTEGER,"
                       " disabled INTEGER NOT NULL DEFAULT 0,"
                       " revoked_at INTEGER)"),
        // A name can be reused once its key is revoked.
        QStringLiteral("CREATE UNIQUE INDEX gateway_keys_live_name ON gateway_keys(name) "
                       "WHERE revoked_at IS NULL"),
    };
    s << revisionTriggers(QStringLiteral("providers")) << revisionTriggers(QStringLiteral("models"))
      << revisionTriggers(QStringLiteral("gateway_keys"));
    return s;
}

// Version 2: the request log and gateway settings.
QStringList version2()
{
    QStringList s = {
        QStringLiteral("CREATE TABLE request_log ("
                       " id INTEGER PRIMARY KEY,"
                       " ts_ms INTEGER NOT NULL,"
                       " key_id INTEGER,"
                       " key_name TEXT,"
                       " endpoint TEXT NOT NULL,"
                       " model_requested TEXT,"
                       " provider TEXT,"
                       " upstream_model TEXT,"
                       " stream INTEGER NOT NULL DEFAULT 0,"
                       " status INTEGER NOT NULL,"
                       " latency_ms REAL,"
                       " ttfb_ms REAL,"
                       " prompt_tokens INTEGER,"
                       " completion_tokens INTEGER,"
                       " cost REAL,"
                       " error TEXT,"
                       " client_disconnected INTEGER NOT NULL DEFAULT 0)"),
        QStringLiteral("CREATE INDEX request_log_ts ON request_log(ts_ms)"),
        QStringLiteral("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
    };
    s << revisionTriggers(QStringLiteral("settings"));
    return s;
}

// Version 3: routes over several targets, provider key pools, a total timeout, and how many
// upstream attempts each logged request took.
QStringList version3()
{
    QStringList s = {
        QStringLiteral("CREATE TABLE routes ("
                       " id INTEGER PRIMARY KEY,"
                       " pattern TEXT NOT NULL UNIQUE COLLATE NOCASE,"
                       " strategy TEXT NOT NULL,"
                       " enabled INTEGER NOT NULL DEFAULT 1,"
                       " created_at INTEGER NOT NULL)"),
        QStringLiteral("CREATE TABLE route_targets ("
                       " id INTEGER PRIMARY KEY,"
                       " route_id INTEGER NOT NULL REFERENCES routes(id) ON DELETE CASCADE,"
                       " position INTEGER NOT NULL,"
                       " provider_id INTEGER NOT NULL REFERENCES providers(id) ON DELETE CASCADE,"
                       " upstream_model TEXT NOT NULL,"
                       " weight INTEGER NOT NULL DEFAULT 1)"),
        QStringLiteral("CREATE INDEX route_targets_route ON route_targets(route_id, position)"),
        QStringLiteral("CREATE TABLE provider_keys ("
                       " id INTEGER PRIMARY KEY,"
                       " provider_id INTEGER NOT NULL REFERENCES providers(id) ON DELETE CASCADE,"
                       " label TEXT NOT NULL,"
                       " api_key_env TEXT,"
                       " secret_in_keychain INTEGER NOT NULL DEFAULT 0,"
                       " created_at INTEGER NOT NULL)"),
        QStringLiteral("ALTER TABLE providers ADD COLUMN total_timeout_ms INTEGER NOT NULL "
                       "DEFAULT 1800000"),
        QStringLiteral("ALTER TABLE request_log ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1"),
        QStringLiteral("ALTER TABLE request_log ADD COLUMN attempt_errors TEXT"),
    };
    s << revisionTriggers(QStringLiteral("routes"))
      << revisionTriggers(QStringLiteral("route_targets"))
      << revisionTriggers(QStringLiteral("provider_keys"));
    return s;
}

// Version 4: provider health checks, and proxies per provider.
QStringList version4()
{
    return {
        // Not configuration: no revision triggers.
        QStringLiteral("CREATE TABLE health_checks ("
                       " id INTEGER PRIMARY KEY,"
                       " ts_ms INTEGER NOT NULL,"
                       " provider_id INTEGER NOT NULL REFERENCES providers(id) ON DELETE CASCADE,"
                       " key_id INTEGER NOT NULL DEFAULT 0,"
                       " proxy TEXT NOT NULL DEFAULT '',"
                       " ok INTEGER NOT NULL,"
                       " status INTEGER,"
                       " latency_ms REAL,"
                       " error TEXT)"),
        QStringLiteral("CREATE INDEX health_checks_provider ON health_checks(provider_id, key_id, "
                       "proxy, ts_ms)"),
        // "" for a direct connection, "system", or proxy URLs (a pool, tried in order) without
        // credentials; those live in the keychain.
        QStringLiteral("ALTER TABLE providers ADD COLUMN proxy TEXT NOT NULL DEFAULT ''"),
        // Hosts that bypass the proxy, NO_PROXY style ("localhost,.internal,10.0.0.0/8").
        QStringLiteral("ALTER TABLE providers ADD COLUMN no_proxy TEXT NOT NULL DEFAULT ''"),
    };
}

// Version 5: indexes for the logs page's filters. Each ends in ts_ms, so a filtered page is read
// newest first straight from the index (rowid breaks ties), with no sort over a million rows.
QStringList version5()
{
    return {
        QStringLiteral("CREATE INDEX request_log_model ON request_log(model_requested, ts_ms)"),
        QStringLiteral("CREATE INDEX request_log_provider ON request_log(provider, ts_ms)"),
        QStringLiteral("CREATE INDEX request_log_key ON request_log(key_name, ts_ms)"),
        QStringLiteral("CREATE INDEX request_log_status ON request_log(status, ts_ms)"),
    };
}

// Version 6: a price belongs to the provider's model, not to one name for it. Every alias of a
// provider model gets the price of the newest alias that has one (aliases without a price were
// billed at $0, and a route's target could take either alias's price).
QStringList version6()
{
    const QString newestPriced =
        QStringLiteral("SELECT s.price_in, s.price_out FROM models s WHERE s.provider_id = "
                       "models.provider_id AND s.upstream_model = models.upstream_model AND "
                       "(s.price_in IS NOT NULL OR s.price_out IS NOT NULL) ORDER BY s.id DESC "
                       "LIMIT 1");
    return {QStringLiteral("UPDATE models SET (price_in, price_out) = (%1) WHERE EXISTS (%1)")
                .arg(newestPriced)};
}

// Version 7: how far each crash-proof spool of request-log entries has reached the database,
// written in the same transaction as the entries (see RequestLogSpool).
QStringList version7()
{
    return {QStringLiteral("CREATE TABLE request_log_spool (name TEXT PRIMARY KEY, run_id INTEGER "
                           "NOT NULL, seq INTEGER NOT NULL)")};
}

// Version 8: how each provider is sent Responses API requests (ProviderRecord::responsesApi).
QStringList version8()
{
    return {QStringLiteral("ALTER TABLE providers ADD COLUMN responses_api TEXT NOT NULL DEFAULT "
                           "'auto'")};
}

// Version 9: the Responses API's stored responses (ResponseStore).
QStringList version9()
{
    return {QStringLiteral("CREATE TABLE responses (id TEXT PRIMARY KEY, key_id INTEGER NOT NULL, "
                           "previous_id TEXT NOT NULL DEFAULT '', created_ms INTEGER NOT NULL, "
                           "input BLOB NOT NULL, response BLOB NOT NULL, bytes INTEGER NOT NULL)"),
            QStringLiteral("CREATE INDEX responses_created ON responses(created_ms)")};
}

// Version 10: the client's own session id of each request (RequestLogEntry::session).
QStringList version10()
{
    return {QStringLiteral("ALTER TABLE request_log ADD COLUMN session TEXT"),
            // Only requests that name a session are indexed: the others cost no index write.
            QStringLiteral("CREATE INDEX request_log_session ON request_log(session, ts_ms) WHERE "
                           "session IS NOT NULL")};
}

// Version 11: what users say a provider model can take, over LLMux's presets
// (ModelCapabilities); NULL leaves a field to the preset.
QStringList version11()
{
    QStringList s = {
        QStringLiteral("CREATE TABLE model_capabilities ("
                       " provider_id INTEGER NOT NULL REFERENCES providers(id) ON DELETE CASCADE,"
                       " upstream_model TEXT NOT NULL,"
                       " tools INTEGER, images INTEGER, reasoning INTEGER,"
                       " context_window INTEGER, max_output INTEGER, responses_only INTEGER,"
                       " PRIMARY KEY (provider_id, upstream_model))")};
    s << revisionTriggers(QStringLiteral("model_capabilities"));
    return s;
}

// Version 12: projects, and what each gateway key may use (KeyPermissions). Lists are stored one
// entry per line; empty allows everything.
QStringList version12()
{
    QStringList s = {
        QStringLiteral("CREATE TABLE projects (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE "
                       "COLLATE NOCASE, created_at INTEGER NOT NULL)"),
        QStringLiteral("ALTER TABLE gateway_keys ADD COLUMN project_id INTEGER REFERENCES "
                       "projects(id) ON DELETE SET NULL"),
        QStringLiteral("ALTER TABLE gateway_keys ADD COLUMN allowed_models TEXT NOT NULL DEFAULT "
                       "''"),
        QStringLiteral("ALTER TABLE gateway_keys ADD COLUMN allowed_endpoints TEXT NOT NULL "
                       "DEFAULT ''"),
        QStringLiteral("ALTER TABLE gateway_keys ADD COLUMN scope TEXT NOT NULL DEFAULT "
                       "'inference'"),
    };
    s << revisionTriggers(QStringLiteral("projects"));
    return s;
}

// Version 13: rate limits (RateLimit).
QStringList version13()
{
    QStringList s = {QStringLiteral(
        "CREATE TABLE rate_limits (id INTEGER PRIMARY KEY, scope TEXT NOT NULL, subject TEXT NOT "
        "NULL DEFAULT '', kind TEXT NOT NULL, amount INTEGER NOT NULL, window_ms INTEGER NOT NULL "
        "DEFAULT 0, created_at INTEGER NOT NULL)")};
    s << revisionTriggers(QStringLiteral("rate_limits"));
    return s;
}

// Version 14: spending budgets and token quotas (Budget).
QStringList version14()
{
    QStringList s = {QStringLiteral(
        "CREATE TABLE budgets (id INTEGER PRIMARY KEY, scope TEXT NOT NULL, subject TEXT NOT NULL "
        "DEFAULT '', measure TEXT NOT NULL, amount REAL NOT NULL, period TEXT NOT NULL, alert_at "
        "TEXT NOT NULL DEFAULT '50,80,100', hard INTEGER NOT NULL DEFAULT 0, created_at INTEGER "
        "NOT NULL, UNIQUE (scope, subject, measure, period))")};
    s << revisionTriggers(QStringLiteral("budgets"));
    return s;
}

// Version 15: where alerts go (AlertChannel; their secrets are in the keychain) and what was
// sent (the alert history, with each channel's answer as JSON).
QStringList version15()
{
    QStringList s = {
        QStringLiteral("CREATE TABLE alert_channels (id INTEGER PRIMARY KEY, name TEXT NOT NULL "
                       "UNIQUE COLLATE NOCASE, kind TEXT NOT NULL, address TEXT NOT NULL DEFAULT "
                       "'', mail_from TEXT NOT NULL DEFAULT '', mail_to TEXT NOT NULL DEFAULT '', "
                       "mail_user TEXT NOT NULL DEFAULT '', tls TEXT NOT NULL DEFAULT "
                       "'starttls', ca_file TEXT NOT NULL DEFAULT '', events TEXT NOT NULL "
                       "DEFAULT '', enabled INTEGER NOT NULL DEFAULT 1, created_at INTEGER NOT "
                       "NULL)"),
        QStringLiteral("CREATE TABLE alert_history (id INTEGER PRIMARY KEY, ts_ms INTEGER NOT "
                       "NULL, event TEXT NOT NULL, subject TEXT NOT NULL, severity TEXT NOT NULL, "
                       "title TEXT NOT NULL, message TEXT NOT NULL, deliveries TEXT NOT NULL "
                       "DEFAULT '[]')"),
        QStringLiteral("CREATE INDEX alert_history_ts ON alert_history(ts_ms)")};
    s << revisionTriggers(QStringLiteral("alert_channels"));
    return s;
}

const QList<QStringList> &allVersions()
{
    static const QList<QStringList> versions = {version1(),  version2(),  version3(),  version4(),
                                                version5(),  version6(),  version7(),  version8(),
                                                version9(),  version10(), version11(), version12(),
                                                version13(), version14(), version15()};
    return versions;
}

} // namespace

int Migrations::latestVersion()
{
    return int(allVersions().size());
}

Status Migrations::migrate(QSqlDatabase &db, int targetVersion)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return Status::failure(QStringLiteral("Cannot read the schema version of %1: %2")
                                   .arg(db.databaseName(), q.lastError().text()));
    const int current = q.value(0).toInt();
    if (current > latestVersion())
        return Status::failure(
            QStringLiteral("The database %1 has schema version %2, newer than this LLMux "
                           "understands (%3). Update LLMux or use another --data-dir.")
                .arg(db.databaseName())
                .arg(current)
                .arg(latestVersion()));

    for (int version = current + 1; version <= targetVersion; ++version) {
        if (!db.transaction())
            return Status::failure(QStringLiteral("Cannot start a transaction on %1: %2")
                                       .arg(db.databaseName(), db.lastError().text()));
        QSqlQuery step(db);
        for (const QString &sql : allVersions().at(version - 1)) {
            if (!step.exec(sql)) {
                const QString why = step.lastError().text();
                db.rollback();
                return Status::failure(
                    QStringLiteral("Upgrading %1 to schema version %2 failed: %3")
                        .arg(db.databaseName())
                        .arg(version)
                        .arg(why));
            }
        }
        if (!step.exec(QStringLiteral("PRAGMA user_version = %1").arg(version)) || !db.commit()) {
            db.rollback();
            return Status::failure(QStringLiteral("Cannot record schema version %1 in %2: %3")
                                       .arg(version)
                                       .arg(db.databaseName(), db.lastError().text()));
        }
    }
    return Status::success();
}

} // namespace llmux
