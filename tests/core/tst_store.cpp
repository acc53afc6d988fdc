#include "core/services/ProviderStore.h"
#include "core/store/Database.h"
#include "core/store/GatewayKeyRepository.h"
#include "core/store/Migrations.h"
#include "core/store/ModelRepository.h"
#include "core/store/ProviderKeyRepository.h"
#include "core/store/ProviderRepository.h"
#include "core/store/RequestLogRepository.h"
#include "core/store/RouteRepository.h"
#include "core/store/SecretStore.h"
#include "core/store/SettingsRepository.h"
#include "core/usage/RequestLogWriter.h"
#include "tests/support/TestClock.h"

#include <QDateTime>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace llmux;

class TestStore : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }

    static qint64 addProvider(Database &db, const QString &name)
    {
        ProviderRecord p;
        p.name = name;
        p.kind = QStringLiteral("openai");
        p.baseUrl = QStringLiteral("https://api.example.com/v1");
        p.apiKeyEnv = QStringLiteral("EXAMPLE_KEY");
        const auto id = ProviderRepository(db).add(p);
        return id ? id.value() : -1;
    }

private Q_SLOTS:
    void createsTheLatestSchemaInWalMode()
    {
        Database db(path("fresh.sqlite"));
        QVERIFY2(db.open().ok(), qPrintable(db.open().error()));
        QCOMPARE(db.schemaVersion(), Migrations::latestVersion());
        QSqlQuery q(db.connection());
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
        QVERIFY(q.exec(QStringLiteral("PRAGMA synchronous")) && q.next());
        QCOMPARE(q.value(0).toInt(), 1); // NORMAL
    }

    void upgradesAnOlderDatabaseInPlaceKeepingItsData()
    {
        const QString file = path("old.sqlite");
        {
            Database v1(file);
            QVERIFY(v1.openAtVersion(1).ok());
            QCOMPARE(v1.schemaVersion(), 1);
            // Written the way version 1 of LLMux wrote it (today's repository knows newer
            // columns).
            QSqlQuery q(v1.connection());
            QVERIFY(q.exec(QStringLiteral(
                "INSERT INTO providers (name, kind, base_url, api_key_env, created_at) VALUES "
                "('deepseek', 'openai', 'https://api.deepseek.com/v1', 'DS_KEY', 1)")));
            QVERIFY(!q.exec(QStringLiteral("SELECT COUNT(*) FROM request_log")));
        }
        Database upgraded(file);
        QVERIFY(upgraded.open().ok());
        QCOMPARE(upgraded.schemaVersion(), Migrations::latestVersion());
        const auto providers = ProviderRepository(upgraded).list();
        QVERIFY(providers.ok());
        QCOMPARE(providers->size(), 1);
        QCOMPARE(providers->first().name, QStringLiteral("deepseek"));
        QCOMPARE(providers->first().timeouts.totalMs, ProviderTimeouts().totalMs);
        QCOMPARE(RequestLogRepository(upgraded).count().value(), 0);
        QCOMPARE(RouteRepository(upgraded).list()->size(), 0);
    }

    void routesKeepTheirTargetsInOrder()
    {
        Database db(path("routes.sqlite"));
        QVERIFY(db.open().ok());
        const qint64 a = addProvider(db, QStringLiteral("alpha"));
        const qint64 b = addProvider(db, QStringLiteral("beta"));
        RouteRecord route;
        route.pattern = QStringLiteral("gpt-4o*");
        route.strategy = RouteStrategy::Weighted;
        route.targets = {{b, {}, QStringLiteral("gpt-4o*"), 3}, {a, {}, QStringLiteral("x:7b"), 1}};
        QVERIFY(RouteRepository(db).save(route, false).ok());
        const Status again = RouteRepository(db).save(route, false).status();
        QVERIFY(!again.ok());
        QVERIFY2(again.error().contains(QLatin1String("already exists")),
                 qPrintable(again.error()));
        auto listed = RouteRepository(db).list();
        QVERIFY(listed.ok());
        QCOMPARE(listed->size(), 1);
        const RouteRecord &r = listed->first();
        QCOMPARE(r.strategy, RouteStrategy::Weighted);
        QCOMPARE(r.targets.size(), 2);
        QCOMPARE(r.targets[0].providerName, QStringLiteral("beta"));
        QCOMPARE(r.targets[0].weight, 3);
        QCOMPARE(r.targets[1].upstreamModel, QStringLiteral("x:7b"));

        // Replacing swaps the targets; removing the provider takes its targets along.
        route.strategy = RouteStrategy::Failover;
        route.targets = {{a, {}, QStringLiteral("one"), 1}};
        QVERIFY(RouteRepository(db).save(route, true).ok());
        QCOMPARE(RouteRepository(db).list()->first().targets.size(), 1);
        QVERIFY(ProviderRepository(db).remove(a).ok());
        QCOMPARE(RouteRepository(db).list()->first().targets.size(), 0);
        QVERIFY(RouteRepository(db).remove(QStringLiteral("GPT-4O*")).ok());
        QVERIFY(!RouteRepository(db).remove(QStringLiteral("gpt-4o*")).ok());
    }

    void providerKeyPoolsBelongToTheirProvider()
    {
        Database db(path("keys.sqlite"));
        QVERIFY(db.open().ok());
        const qint64 a = addProvider(db, QStringLiteral("alpha"));
        const qint64 b = addProvider(db, QStringLiteral("beta"));
        SettingsRepository settings(db);
        const qint64 before = settings.configRevision();
        ProviderKeyRecord k;
        k.providerId = a;
        k.label = QStringLiteral("second");
        k.apiKeyEnv = QStringLiteral("ALPHA_KEY_2");
        const auto id = ProviderKeyRepository(db).add(k);
        QVERIFY(id.ok());
        QVERIFY(settings.configRevision() > before);
        QCOMPARE(ProviderKeyRepository(db).list(a)->size(), 1);
        QCOMPARE(ProviderKeyRepository(db).list(b)->size(), 0);
        QCOMPARE(ProviderKeyRepository(db).list()->first().apiKeyEnv,
                 QStringLiteral("ALPHA_KEY_2"));
        QVERIFY(!ProviderKeyRepository(db).remove(b, id.value()).ok());
        QVERIFY(ProviderKeyRepository(db).remove(a, id.value()).ok());
    }

    void refusesADatabaseFromANewerLlmux()
    {
        const QString file = path("future.sqlite");
        {
            Database db(file);
            QVERIFY(db.open().ok());
            QSqlQuery q(db.connection());
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 99")));
        }
        Database db(file);
        const Status s = db.open();
        QVERIFY(!s.ok());
        QVERIFY(s.error().contains(QLatin1String("newer")));
    }

    void everyConfigChangeBumpsTheRevision()
    {
        Database db(path("revision.sqlite"));
        QVERIFY(db.open().ok());
        SettingsRepository settings(db);
        const qint64 start = settings.configRevision();
        const qint64 provider = addProvider(db, QStringLiteral("p"));
        QVERIFY(settings.configRevision() > start);
        qint64 before = settings.configRevision();
        ModelRecord m;
        m.publicName = QStringLiteral("fast");
        m.providerId = provider;
        m.upstreamModel = QStringLiteral("up");
        QVERIFY(ModelRepository(db).add(m).ok());
        QVERIFY(settings.configRevision() > before);
        before = settings.configRevision();
        GatewayKeyRecord k;
        k.name = QStringLiteral("k");
        k.keyHash = QByteArray(32, 'h');
        k.displayPrefix = QStringLiteral("sk-llmux-abcd…");
        QVERIFY(GatewayKeyRepository(db).add(k).ok());
        QVERIFY(settings.configRevision() > before);
        before = settings.configRevision();
        QVERIFY(GatewayKeyRepository(db).revoke(QStringLiteral("k")).ok());
        QVERIFY(settings.configRevision() > before);
    }

    void repositoriesReportClearErrors()
    {
        Database db(path("errors.sqlite"));
        QVERIFY(db.open().ok());
        QVERIFY(addProvider(db, QStringLiteral("dup")) > 0);
        ProviderRecord again;
        again.name = QStringLiteral("DUP");
        again.kind = QStringLiteral("openai");
        again.baseUrl = QStringLiteral("http://x");
        const auto second = ProviderRepository(db).add(again);
        QVERIFY(!second.ok());
        QVERIFY(second.error().contains(QLatin1String("already exists")));
        QVERIFY(ModelRepository(db)
                    .remove(QStringLiteral("nope"))
                    .error()
                    .contains(QLatin1String("no model")));
        QVERIFY(!GatewayKeyRepository(db).revoke(QStringLiteral("nope")).ok());
    }

    // A price is the provider model's: every alias of it shows and bills the same one.
    void aliasesOfOneProviderModelShareItsPrice()
    {
        Database db(path("prices.sqlite"));
        QVERIFY(db.open().ok());
        const qint64 provider = addProvider(db, QStringLiteral("priced"));
        const auto alias = [&](const char *name, const char *upstream,
                               std::optional<ModelPrice> price) {
            ModelRecord m;
            m.publicName = QLatin1String(name);
            m.providerId = provider;
            m.upstreamModel = QLatin1String(upstream);
            m.price = price;
            const auto added = ModelRepository(db).add(m);
            if (!added)
                qWarning() << added.error();
            return added.ok();
        };
        const auto priceOf = [&](const QString &name) -> std::optional<ModelPrice> {
            const auto models = ModelRepository(db).list();
            for (const ModelRecord &m : models.value())
                if (m.publicName == name)
                    return m.price;
            return std::nullopt;
        };
        QVERIFY(alias("fast", "chat-1", ModelPrice{1, 2}));
        QVERIFY(alias("quick", "chat-1", std::nullopt)); // inherits
        QVERIFY(alias("other", "chat-2", std::nullopt));
        QVERIFY(priceOf(QStringLiteral("quick")));
        QCOMPARE(priceOf(QStringLiteral("quick"))->outputPerMillion, 2.0);
        QVERIFY(!priceOf(QStringLiteral("other")));

        // A new price on either name is the price of both.
        ModelRecord quick;
        const auto models = ModelRepository(db).list();
        for (const ModelRecord &m : models.value())
            if (m.publicName == QLatin1String("quick"))
                quick = m;
        quick.price = ModelPrice{3, 4};
        QVERIFY(ModelRepository(db).update(quick).ok());
        QVERIFY(priceOf(QStringLiteral("fast")) && priceOf(QStringLiteral("quick")));
        QCOMPARE(priceOf(QStringLiteral("fast"))->inputPerMillion, 3.0);
        QCOMPARE(priceOf(QStringLiteral("quick"))->inputPerMillion, 3.0);
        QVERIFY(!priceOf(QStringLiteral("other")));
        const auto shared = ModelRepository(db).priceOf(provider, QStringLiteral("chat-1"));
        QVERIFY(shared);
        QCOMPARE(shared->outputPerMillion, 4.0);

        // An unpriced name pointed at the priced model takes its price; the model keeps it.
        ModelRecord other;
        const auto listed = ModelRepository(db).list();
        for (const ModelRecord &m : listed.value())
            if (m.publicName == QLatin1String("other"))
                other = m;
        other.upstreamModel = QStringLiteral("chat-1");
        QVERIFY(ModelRepository(db).update(other).ok());
        QVERIFY(priceOf(QStringLiteral("other")) && priceOf(QStringLiteral("fast")));
        QCOMPARE(priceOf(QStringLiteral("other"))->inputPerMillion, 3.0);
        QCOMPARE(priceOf(QStringLiteral("fast"))->inputPerMillion, 3.0);
    }

    // Databases from before version 6 get one price per provider model: the newest alias's.
    void upgradeGivesEveryAliasItsModelsPrice()
    {
        const QString file = path("prices-v5.sqlite");
        {
            Database v5(file);
            QVERIFY(v5.openAtVersion(5).ok());
            QSqlQuery q(v5.connection());
            QVERIFY(q.exec(QStringLiteral(
                "INSERT INTO providers (id, name, kind, base_url, created_at) VALUES "
                "(1, 'p', 'openai', 'https://example.com/v1', 1)")));
            QVERIFY(q.exec(QStringLiteral(
                "INSERT INTO models (id, public_name, provider_id, upstream_model, price_in, "
                "price_out, created_at) VALUES (1, 'a', 1, 'm', 1, 2, 1), "
                "(2, 'b', 1, 'm', NULL, NULL, 1), (3, 'c', 1, 'm', 5, 6, 1), "
                "(4, 'd', 1, 'n', NULL, NULL, 1)")));
        }
        Database upgraded(file);
        QVERIFY(upgraded.open().ok());
        QHash<QString, std::optional<ModelPrice>> prices;
        const auto models = ModelRepository(upgraded).list();
        for (const ModelRecord &m : models.value())
            prices.insert(m.publicName, m.price);
        for (const char *name : {"a", "b", "c"}) {
            QVERIFY2(prices.value(QLatin1String(name)), name);
            QCOMPARE(prices.value(QLatin1String(name))->inputPerMillion, 5.0);
        }
        QVERIFY(!prices.value(QStringLiteral("d")));
    }

    // Names clients can address (provider/model, the command line); one saved under the older,
    // laxer rule can still be edited while it keeps its name.
    void providerNamesAreCheckedWhenGivenNotWhenKept()
    {
        Database db(path("names.sqlite"));
        QVERIFY(db.open().ok());
        const ProviderStore store(db, SecretStore(QStringLiteral("LLMux-tests-names")));
        ProviderRecord legacy;
        legacy.name = QStringLiteral("My OpenAI");
        legacy.kind = QStringLiteral("openai");
        legacy.baseUrl = QStringLiteral("https://api.openai.com/v1");
        const auto id = ProviderRepository(db).add(legacy); // as an older LLMux stored it
        QVERIFY(id);
        legacy.id = id.value();
        QVERIFY2(store.validate(legacy).ok(), qPrintable(store.validate(legacy).error()));
        ProviderRecord renamed = legacy;
        renamed.name = QStringLiteral("Still Spaced");
        QVERIFY(!store.validate(renamed).ok());
        renamed.name = QStringLiteral("openai-work");
        QVERIFY(store.validate(renamed).ok());
        ProviderRecord fresh = legacy;
        fresh.id = 0;
        fresh.name = QStringLiteral("new one");
        QVERIFY(store.validate(fresh).error().contains(QLatin1String("cannot be a provider name")));
        fresh.name = QStringLiteral("My OpenAI");
        QVERIFY(!store.validate(fresh).ok()); // taken, and not a valid new name either
    }

    void removingAProviderRemovesItsModels()
    {
        Database db(path("cascade.sqlite"));
        QVERIFY(db.open().ok());
        const qint64 provider = addProvider(db, QStringLiteral("gone"));
        ModelRecord m;
        m.publicName = QStringLiteral("alias");
        m.providerId = provider;
        m.upstreamModel = QStringLiteral("up");
        m.price = ModelPrice{0.5, 1.5};
        QVERIFY(ModelRepository(db).add(m).ok());
        const auto models = ModelRepository(db).list();
        QCOMPARE(models->first().price->outputPerMillion, 1.5);
        QVERIFY(ProviderRepository(db).remove(provider).ok());
        QCOMPARE(ModelRepository(db).list()->size(), 0);
    }

    void aRevokedKeyNameCanBeReused()
    {
        Database db(path("keys.sqlite"));
        QVERIFY(db.open().ok());
        GatewayKeyRepository keys(db);
        GatewayKeyRecord k;
        k.name = QStringLiteral("cli");
        k.keyHash = QByteArray(32, '1');
        k.displayPrefix = QStringLiteral("p");
        QVERIFY(keys.add(k).ok());
        k.keyHash = QByteArray(32, '2');
        QVERIFY(!keys.add(k).ok());
        QVERIFY(keys.revoke(QStringLiteral("cli")).ok());
        QVERIFY(keys.add(k).ok());
        QCOMPARE(keys.list(true)->size(), 2);
        QCOMPARE(keys.list(false)->size(), 1);
    }

    void requestLogBatchesRoundTrip()
    {
        Database db(path("log.sqlite"));
        QVERIFY(db.open().ok());
        QList<RequestLogEntry> batch;
        for (int i = 0; i < 3; ++i) {
            RequestLogEntry e;
            e.timestampMs = 1000 + i;
            e.endpoint = QStringLiteral("/chat/completions");
            e.modelRequested = QStringLiteral("m%1").arg(i);
            e.status = 200;
            e.latencyMs = 12.5;
            e.promptTokens = 11;
            e.completionTokens = 7;
            e.cost = 0.000123;
            batch << e;
        }
        RequestLogRepository log(db);
        QVERIFY(log.insertBatch(batch).ok());
        QVERIFY(batch.last().id > 0);
        const auto recent = log.recent(2);
        QCOMPARE(recent->size(), 2);
        QCOMPARE(recent->first().modelRequested, QStringLiteral("m2"));
        QCOMPARE(recent->first().completionTokens.value(), 7);
        QVERIFY(!recent->first().ttfbMs.has_value());
    }

    // Whatever a client or provider sends, a row of the log stays small: one 20 MB model name
    // once made every later insert reread it through its index.
    void requestLogRowsAreBounded()
    {
        Database db(path("bounded.sqlite"));
        QVERIFY(db.open().ok());
        RequestLogEntry e;
        e.timestampMs = 1000;
        e.endpoint = QStringLiteral("/chat/completions");
        e.modelRequested = QString(20 * 1024 * 1024, QLatin1Char('m'));
        e.provider = QString(1000, QLatin1Char('p'));
        e.error = QString(100000, QLatin1Char('e'));
        e.attemptErrors = QString(4095, QLatin1Char('a')) + QString::fromUtf8("😀😀");
        e.status = 404;
        QList<RequestLogEntry> batch{e};
        RequestLogRepository log(db);
        QVERIFY(log.insertBatch(batch).ok());
        const RequestLogEntry stored = log.recent(1)->first();
        QCOMPARE(stored.modelRequested.size(), RequestLogRepository::kMaxNameChars);
        QVERIFY(stored.modelRequested.endsWith(QChar(0x2026)));
        QCOMPARE(stored.provider.size(), RequestLogRepository::kMaxNameChars);
        QCOMPARE(stored.error.size(), RequestLogRepository::kMaxMessageChars);
        QVERIFY(stored.attemptErrors.size() <= RequestLogRepository::kMaxMessageChars);
        QVERIFY(!stored.attemptErrors.contains(QChar(0xFFFD))); // never half a character
        QCOMPARE(stored.endpoint, QStringLiteral("/chat/completions"));
    }

    // The retention policy deletes old entries in batches on the writer's thread and keeps
    // everything newer, including what is written meanwhile; then it waits an hour on its clock.
    void oldRequestsExpireUnderTheRetentionPolicy()
    {
        Database db(path("retention.sqlite"));
        QVERIFY(db.open().ok());
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QList<RequestLogEntry> batch;
        for (int i = 0; i < 12000; ++i) {
            RequestLogEntry e;
            e.timestampMs = now - 3 * 86400000LL + i;
            e.endpoint = QStringLiteral("/chat/completions");
            e.status = 200;
            batch << e;
        }
        RequestLogEntry recent;
        recent.timestampMs = now - 3600000;
        recent.endpoint = QStringLiteral("/chat/completions");
        recent.status = 200;
        batch << recent;
        RequestLogRepository log(db);
        QVERIFY(log.insertBatch(batch).ok());

        test::TestClock clock;
        RequestLogWriter writer(db, clock);
        writer.setRetentionDays(0); // keeps everything
        writer.start();
        recent.timestampMs = now;
        writer.record(recent);
        writer.flush();
        QCOMPARE(log.count().value(), 12002);

        writer.setRetentionDays(2);
        QTRY_COMPARE_WITH_TIMEOUT(log.count().value(), 2, 20000);

        // Entries that expire meanwhile wait for the next round, an hour later. A flush returns
        // after the round that wrote the entry, pruning included.
        QList<RequestLogEntry> expiring = batch.mid(0, 10);
        QVERIFY(log.insertBatch(expiring).ok());
        writer.record(recent);
        writer.flush();
        QCOMPARE(log.count().value(), 13);
        clock.advance(3600 * 1000);
        writer.record(recent);
        writer.flush();
        QCOMPARE(log.count().value(), 4);
        writer.stop();
    }

    void eachThreadGetsItsOwnConnection()
    {
        Database db(path("threads.sqlite"));
        QVERIFY(db.open().ok());
        const QString mainName = db.connection().connectionName();
        QString otherName;
        qint64 count = -1;
        QThread *t = QThread::create([&] {
            otherName = db.connection().connectionName();
            count = ProviderRepository(db).list()->size();
            db.releaseThreadConnection();
        });
        t->start();
        QVERIFY(t->wait(10000));
        delete t;
        QVERIFY(!otherName.isEmpty());
        QVERIFY(otherName != mainName);
        QCOMPARE(count, 0);
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
