// Providers behind proxies, end to end: the gateway reaching a fake provider through fake HTTP
// CONNECT and SOCKS5 proxies (with credentials from the real keychain), failing over between the
// proxies of a pool, skipping exempt hosts, and explaining a proxy that refuses.
#include "core/health/HealthMonitor.h"
#include "core/net/ProxySettings.h"
#include "core/routing/RoutingState.h"
#include "core/store/HealthRepository.h"
#include "core/store/ProviderRepository.h"
#include "core/store/SettingsRepository.h"
#include "tests/fakes/FakeHttpProxy.h"
#include "tests/fakes/FakeSocksProxy.h"
#include "tests/integration/GatewayFixture.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace llmux;
using namespace llmux::test;

namespace {

QByteArray chatJson(const QByteArray &model)
{
    return R"({"model":")" + model + R"(","messages":[{"role":"user","content":"hi"}]})";
}

} // namespace

class TestProxy : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<GatewayFixture> f;
    FakeHttpProxy http;
    FakeHttpProxy guarded; // wants credentials
    FakeSocksProxy socks;  // wants credentials
    QString deadProxy;     // nobody listens there

    // A provider in front of the fake upstream, reached as proxy says.
    static QString addProxied(GatewayFixture &g, const QString &name, const QString &proxy,
                              const QString &noProxy = {})
    {
        ProviderRecord p;
        p.name = name;
        p.kind = QStringLiteral("openai");
        p.baseUrl = g.upstream.baseUrl();
        p.apiKeyEnv = QStringLiteral("LLMUX_TEST_PROVIDER_KEY");
        p.proxy = ProxySettings::format(ProxySettings::parse(proxy));
        p.noProxy = noProxy;
        p.timeouts.connectMs = 2000;
        const auto id = ProviderRepository(*g.db).add(p);
        if (!id)
            return id.error();
        // Passwords go where the CLI puts them: the keychain.
        const QString instance = SettingsRepository(*g.db).instanceId();
        for (const auto &[where, password] : ProxySettings::passwords(proxy)) {
            const Status s = g.secrets->write(
                SecretStore::providerProxyAccount(instance, id.value(), where), password.toUtf8());
            if (!s)
                return s.error();
        }
        return QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(http.listen());
        QVERIFY(guarded.listen());
        QVERIFY(socks.listen());
        guarded.requireCredentials("carol", "right");
        socks.requireCredentials("dave", "s0cks");
        {
            QTcpServer closed;
            QVERIFY(closed.listen(QHostAddress::LocalHost));
            deadProxy = QStringLiteral("http://127.0.0.1:%1").arg(closed.serverPort());
        }
        f = std::make_unique<GatewayFixture>();
        const QString error = f->start({}, [this](GatewayFixture &g) -> QString {
            const auto guardedUrl = [this](const char *password) {
                return QStringLiteral("http://carol:%1@127.0.0.1:%2")
                    .arg(QLatin1String(password))
                    .arg(guarded.port());
            };
            for (const auto &[name, proxy, noProxy] :
                 std::initializer_list<std::tuple<QString, QString, QString>>{
                     {QStringLiteral("viahttp"), http.url(), {}},
                     {QStringLiteral("viasocks"),
                      QStringLiteral("socks5://dave:s0cks@127.0.0.1:%1").arg(socks.port()),
                      {}},
                     {QStringLiteral("viaguarded"), guardedUrl("right"), {}},
                     {QStringLiteral("wrongpass"), guardedUrl("wrong"), {}},
                     {QStringLiteral("pool"), deadProxy + QLatin1Char(' ') + http.url(), {}},
                     {QStringLiteral("exempt"), deadProxy,
                      QStringLiteral("localhost, 127.0.0.0/8")},
                     {QStringLiteral("onlydead"), deadProxy, {}},
                 }) {
                if (QString e = addProxied(g, name, proxy, noProxy); !e.isEmpty())
                    return e;
            }
            return QString();
        });
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
    void cleanupTestCase() { f.reset(); }

    void httpConnectTunnel()
    {
        const int before = http.tunnelsOpened();
        const auto r = f->chat(chatJson("viahttp/gpt"));
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.contains("Hello from fake upstream"));
        QCOMPARE(http.tunnelsOpened(), before + 1);
        QCOMPARE(http.lastTarget(), QStringLiteral("127.0.0.1:%1").arg(f->upstream.port()));
    }

    void socks5WithCredentialsFromTheKeychain()
    {
        const auto r = f->chat(chatJson("viasocks/gpt"));
        QCOMPARE(r.status, 200);
        QVERIFY(socks.tunnelsOpened() >= 1);
        QCOMPARE(socks.authFailures(), 0);
    }

    void httpProxyCredentials()
    {
        QCOMPARE(f->chat(chatJson("viaguarded/gpt")).status, 200);
        QVERIFY(guarded.tunnelsOpened() >= 1);
        QCOMPARE(guarded.authFailures(), 0);

        const auto r = f->chat(chatJson("wrongpass/gpt"));
        QCOMPARE(r.status, 502);
        const auto body = nlohmann::json::parse(r.body.toStdString(), nullptr, false);
        const QString message = QString::fromStdString(body["error"]["message"].get<std::string>());
        QVERIFY2(message.contains(QLatin1String("via proxy http://carol@127.0.0.1")),
                 qPrintable(message));
        QVERIFY2(!message.contains(QLatin1String(":wrong")), qPrintable(message)); // no password
        QVERIFY(guarded.authFailures() >= 1);
    }

    void aPoolFailsOverToTheNextProxyAndRemembers()
    {
        const int before = http.tunnelsOpened();
        QCOMPARE(f->chat(chatJson("pool/gpt-pool")).status, 200);
        RequestLogEntry e = f->log(1).value(0);
        QCOMPARE(e.attempts, 2);
        QVERIFY2(e.attemptErrors.contains(QLatin1String("via proxy ") + deadProxy),
                 qPrintable(e.attemptErrors));
        // Served through the working proxy (on a tunnel of its own or one pooled earlier).
        QVERIFY(http.tunnelsOpened() >= std::max(before, 1));
        // The dead proxy now rests: the next request goes straight to the working one.
        QCOMPARE(f->chat(chatJson("pool/gpt-pool-2")).status, 200);
        e = f->log(1).value(0);
        QCOMPARE(e.attempts, 1);
        // A proxy failure is not held against the provider.
        const auto target =
            ModelTarget{f->gateway->currentConfig()->providers.value(QStringLiteral("pool")),
                        QStringLiteral("gpt-pool"), std::nullopt, 1};
        QCOMPARE(f->gateway->routingState()
                     ->targetHealth(target.stateId(), f->gateway->routingState()->nowMs(),
                                    f->gateway->currentConfig()->breaker)
                     .windowFailures,
                 0);
    }

    void exemptHostsConnectDirectly()
    {
        const auto r = f->chat(chatJson("exempt/gpt"));
        QCOMPARE(r.status, 200);
        QCOMPARE(f->log(1).value(0).attempts, 1);
    }

    void aDeadProxyIsNamedInTheError()
    {
        const auto r = f->chat(chatJson("onlydead/gpt"));
        QCOMPARE(r.status, 502);
        QVERIFY2(r.body.contains(QByteArray(QByteArray("via proxy ") + deadProxy.toUtf8())),
                 r.body.constData());
    }

    void healthChecksCoverEveryProxyOfAPool()
    {
        QSignalSpy done(f->gateway->healthMonitor(), &HealthMonitor::roundFinished);
        f->gateway->healthMonitor()->checkNow();
        QVERIFY(done.wait(20000));
        const auto latest = HealthRepository(*f->db).latest();
        QVERIFY(latest.ok());
        int poolChecks = 0;
        for (const HealthCheckRecord &h : latest.value()) {
            if (h.providerName != QLatin1String("pool"))
                continue;
            ++poolChecks;
            QCOMPARE(h.ok, h.proxy == http.url());
        }
        QCOMPARE(poolChecks, 2);
        for (const auto &p : f->gateway->healthMonitor()->providers())
            if (p.provider == QLatin1String("pool") || p.provider == QLatin1String("onlydead"))
                QCOMPARE(p.up, p.provider == QLatin1String("pool"));
    }
};

QTEST_GUILESS_MAIN(TestProxy)
#include "tst_proxy.moc"
