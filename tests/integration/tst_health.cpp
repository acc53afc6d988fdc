// Health checks end to end: a real gateway's HealthMonitor probing fake providers over loopback,
// the history it keeps in SQLite, and what it tells the router about keys.
#include "core/health/HealthMonitor.h"
#include "core/routing/RoutingState.h"
#include "core/store/HealthRepository.h"
#include "core/store/ProviderKeyRepository.h"
#include "core/store/ProviderRepository.h"
#include "core/store/SettingsRepository.h"
#include "tests/integration/GatewayFixture.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace llmux;
using namespace llmux::test;

class TestHealth : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<GatewayFixture> f;
    FakeOpenAiUpstream pooled;
    qint64 deadId = 0, pooledId = 0;

    HealthMonitor *monitor() const { return f->gateway->healthMonitor(); }

    bool runRound()
    {
        QSignalSpy done(monitor(), &HealthMonitor::roundFinished);
        monitor()->checkNow();
        return done.wait(10000);
    }

    HealthMonitor::ProviderHealth healthOf(const QString &name) const
    {
        for (const auto &h : monitor()->providers())
            if (h.provider == name)
                return h;
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(pooled.listen());
        quint16 deadPort = 0;
        {
            QTcpServer closed;
            QVERIFY(closed.listen(QHostAddress::LocalHost));
            deadPort = closed.serverPort();
        }
        qputenv("LLMUX_TEST_HEALTH_MAIN", "sk-health-main");
        qputenv("LLMUX_TEST_HEALTH_2", "sk-health-two");
        pooled.rejectKey("sk-health-main");
        f = std::make_unique<GatewayFixture>();
        const QString error = f->start({}, [&](GatewayFixture &g) -> QString {
            deadId = g.addProvider(QStringLiteral("dead"),
                                   QStringLiteral("http://127.0.0.1:%1/v1").arg(deadPort), {});
            ProviderRecord p;
            p.name = QStringLiteral("pooled");
            p.kind = QStringLiteral("openai");
            p.baseUrl = pooled.baseUrl();
            p.apiKeyEnv = QStringLiteral("LLMUX_TEST_HEALTH_MAIN");
            pooledId = ProviderRepository(*g.db).add(p).value();
            ProviderKeyRecord k;
            k.providerId = pooledId;
            k.label = QStringLiteral("second");
            k.apiKeyEnv = QStringLiteral("LLMUX_TEST_HEALTH_2");
            return ProviderKeyRepository(*g.db).add(k) ? QString()
                                                       : QStringLiteral("cannot add a key");
        });
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
    void cleanupTestCase() { f.reset(); }

    void aRoundChecksEveryKeyAndKeepsTheHistory()
    {
        QSignalSpy changes(monitor(), &HealthMonitor::providerStateChanged);
        QSignalSpy checks(monitor(), &HealthMonitor::checked);
        QVERIFY(runRound());
        QCOMPARE(checks.size(), 4); // fake, dead, and both keys of pooled

        QVERIFY(healthOf(QStringLiteral("fake")).up);
        const auto dead = healthOf(QStringLiteral("dead"));
        QVERIFY(dead.known && !dead.up);
        QVERIFY2(dead.reason.contains(QLatin1String("refused")), qPrintable(dead.reason));
        const auto pool = healthOf(QStringLiteral("pooled"));
        QVERIFY(pool.up); // one good key is enough
        QCOMPARE(pool.keysOk, 1);
        QCOMPARE(pool.keysTotal, 2);
        QVERIFY2(pool.reason.contains(QLatin1String("main")), qPrintable(pool.reason));

        // Only the provider that is down is news.
        QCOMPARE(changes.size(), 1);
        QCOMPARE(changes.first().at(0).toString(), QStringLiteral("dead"));
        QCOMPARE(changes.first().at(1).toBool(), false);

        const auto latest = HealthRepository(*f->db).latest();
        QVERIFY(latest.ok());
        QCOMPARE(latest->size(), 4);
        int failing = 0;
        for (const HealthCheckRecord &h : latest.value()) {
            if (!h.ok) {
                ++failing;
                QVERIFY(!h.error.isEmpty());
                // The pool's provider echoes the key it refused; the record never holds it.
                QVERIFY2(!h.error.contains(QLatin1String("sk-health-main")), qPrintable(h.error));
            }
        }
        QCOMPARE(failing, 2);
        const auto availability = HealthRepository(*f->db).availability(deadId, 0);
        QCOMPARE(availability->total, 1);
        QCOMPARE(availability->percent(), 0.0);
        // Per key: the pool's own key was refused, its second key works.
        const qint64 secondKey = ProviderKeyRepository(*f->db).list(pooledId)->first().id;
        QCOMPARE(HealthRepository(*f->db).availability(pooledId, 0, 0)->percent(), 0.0);
        QCOMPARE(HealthRepository(*f->db).availability(pooledId, 0, secondKey)->percent(), 100.0);
        QCOMPARE(HealthRepository(*f->db).availability(pooledId, 0)->percent(), 50.0);
    }

    void aKeyTheCheckRejectsLeavesRotationUntilItPasses()
    {
        const GatewayConfigPtr config = f->gateway->currentConfig();
        const auto provider = config->providers.value(QStringLiteral("pooled"));
        QVERIFY(provider);
        const QString mainKey = provider->keys.first().stateId;
        QVERIFY(!f->gateway->routingState()->keyHealth(mainKey).usable);
        // Requests now avoid the rejected key without trying it.
        const int before = pooled.keysSeen().count("sk-health-main");
        for (int i = 0; i < 4; ++i)
            QCOMPARE(f->chat(R"({"model":"pooled/gpt","messages":[]})").status, 200);
        QCOMPARE(pooled.keysSeen().count("sk-health-main"), before);

        // The key is fixed at the provider: the next check brings it back.
        pooled.acceptAllKeys();
        QSignalSpy changes(monitor(), &HealthMonitor::providerStateChanged);
        QVERIFY(runRound());
        QVERIFY(f->gateway->routingState()->keyHealth(mainKey).usable);
        QCOMPARE(healthOf(QStringLiteral("pooled")).keysOk, 2);
        QCOMPARE(changes.size(), 0); // pooled stayed up, dead stayed down
    }

    // A provider whose set-up changes (a fixed address, a new key) does not keep the old "down":
    // its state is forgotten and, with checks on, it is checked again at once.
    void aChangedProviderIsCheckedAgain()
    {
        QVERIFY(runRound());
        QVERIFY(healthOf(QStringLiteral("dead")).known && !healthOf(QStringLiteral("dead")).up);
        QVERIFY(SettingsRepository(*f->db)
                    .setValue(QStringLiteral("health.interval_ms"), QStringLiteral("600000"))
                    .ok());
        QTRY_COMPARE_WITH_TIMEOUT(f->gateway->currentConfig()->health.intervalMs, 600000, 5000);
        QSignalSpy rounds(monitor(), &HealthMonitor::roundFinished);
        ProviderRecord dead =
            ProviderRepository(*f->db).findByName(QStringLiteral("dead"))->value();
        dead.baseUrl = pooled.baseUrl(); // fixed: now it points at a working provider
        QVERIFY(ProviderRepository(*f->db).update(dead).ok());
        QTRY_VERIFY_WITH_TIMEOUT(
            !healthOf(QStringLiteral("dead")).known || healthOf(QStringLiteral("dead")).up, 5000);
        QVERIFY(rounds.wait(10000)); // not the 10-minute interval: right after the change
        QVERIFY(healthOf(QStringLiteral("dead")).known);
        QVERIFY(healthOf(QStringLiteral("dead")).up);
        QVERIFY(SettingsRepository(*f->db)
                    .setValue(QStringLiteral("health.interval_ms"), QStringLiteral("0"))
                    .ok());
        QTRY_COMPARE_WITH_TIMEOUT(f->gateway->currentConfig()->health.intervalMs, 0, 5000);
    }

    void checksRunAtTheConfiguredInterval()
    {
        // An hour between rounds, and no test waits an hour: the clock is moved forward.
        constexpr int kHourMs = 3600 * 1000;
        QSignalSpy started(monitor(), &HealthMonitor::roundStarted);
        QSignalSpy rounds(monitor(), &HealthMonitor::roundFinished);
        QVERIFY(SettingsRepository(*f->db)
                    .setValue(QStringLiteral("health.interval_ms"), QString::number(kHourMs))
                    .ok());
        QTRY_COMPARE_WITH_TIMEOUT(f->gateway->currentConfig()->health.intervalMs, kHourMs, 5000);
        f->clock.advance(kHourMs - 1000);
        QTRY_COMPARE(f->clock.pendingTimers(), 1); // the next round's, not yet due
        QCOMPARE(started.count(), 0);
        f->clock.advance(1000);
        QVERIFY(rounds.wait(5000));
        f->clock.advance(kHourMs);
        QVERIFY(rounds.wait(5000));
        QCOMPARE(started.count(), 2);
        // Turned off: the round that was scheduled does not run.
        QVERIFY(SettingsRepository(*f->db)
                    .setValue(QStringLiteral("health.interval_ms"), QStringLiteral("0"))
                    .ok());
        QTRY_COMPARE_WITH_TIMEOUT(f->gateway->currentConfig()->health.intervalMs, 0, 5000);
        f->clock.advance(kHourMs);
        QTRY_COMPARE(f->clock.pendingTimers(), 0);
        QCOMPARE(started.count(), 2);
    }
};

QTEST_GUILESS_MAIN(TestHealth)
#include "tst_health.moc"
