#include "core/alerts/AlertCenter.h"
#include "core/alerts/AlertPayloads.h"
#include "core/alerts/AlertThrottle.h"
#include "core/services/AlertChannelStore.h"
#include "core/store/AlertRepository.h"
#include "core/store/Database.h"
#include "core/store/SecretStore.h"
#include "core/store/SettingsRepository.h"
#include "tests/fakes/FakeAlertReceiver.h"
#include "tests/fakes/FakeSmtpServer.h"
#include "tests/support/MemorySecretBackend.h"
#include "tests/support/TestClock.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace llmux;
using test::FakeAlertReceiver;
using test::FakeSmtpServer;

namespace {

const QString kCertificate = QStringLiteral(LLMUX_TEST_FIXTURES "/tls/localhost.crt");
const QString kKey = QStringLiteral(LLMUX_TEST_FIXTURES "/tls/localhost.key");

Alert budgetAlert(int percent = 80)
{
    Budget b;
    b.id = 7;
    b.scope = Budget::Scope::Project;
    b.subject = QStringLiteral("team-a");
    b.amount = 1;
    b.period = Budget::Period::Month;
    b.hard = true;
    return AlertCenter::budgetCrossed(b, percent, percent / 100.0);
}

// The mail's text: its Base64 body decoded.
QString mailText(const QByteArray &data)
{
    const qsizetype body = data.indexOf("\r\n\r\n");
    return QString::fromUtf8(QByteArray::fromBase64(data.mid(body + 4)));
}

} // namespace

class TestAlerts : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    std::shared_ptr<test::MemorySecretBackend> m_backend;
    std::unique_ptr<SecretStore> m_secrets;

    Result<AlertChannel> addChannel(AlertChannel c, const AlertChannelSecrets &s)
    {
        const auto id = AlertChannelStore(*m_db, *m_secrets).add(c, s);
        if (!id)
            return id.status();
        return AlertRepository(*m_db).channel(QString::number(id.value()));
    }

    GatewayConfigPtr configWith(const QList<AlertChannel> &channels,
                                const QList<AcceptedKey> &keys = {})
    {
        auto config = std::make_shared<GatewayConfig>();
        config->alertChannels = channels;
        config->keys = keys;
        return config;
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_db = std::make_unique<Database>(m_dir.filePath(QStringLiteral("alerts.sqlite")));
        QVERIFY(m_db->open().ok());
        m_backend = std::make_shared<test::MemorySecretBackend>();
        m_secrets = std::make_unique<SecretStore>(m_backend);
    }

    void cleanup()
    {
        m_secrets.reset();
        m_db.reset();
        QFile::remove(m_dir.filePath(QStringLiteral("alerts.sqlite")));
    }

    void eventNamesRoundTrip()
    {
        for (Alert::Event e : Alert::allEvents())
            QCOMPARE(Alert::eventFromName(Alert::eventName(e)), e);
        QString bad;
        QVERIFY(!Alert::eventsFromText(QStringLiteral("budget-exhausted,nonsense"), &bad));
        QCOMPARE(bad, QStringLiteral("nonsense"));
        QCOMPARE(Alert::eventsFromText(QStringLiteral(" provider-down , limit-hit"))->size(), 2);
        QVERIFY(!Alert::eventsFromText(QStringLiteral("test"))); // not a subscription
    }

    void signaturesFollowTheVendorsDocumentation()
    {
        // DingTalk's documented example computes over "timestamp\nsecret" keyed by the secret.
        const QByteArray secret = "SEC000000000000000000000";
        const QByteArray dingTalk = AlertPayloads::dingTalkSign(1700000000000, secret);
        QCOMPARE(dingTalk, QMessageAuthenticationCode::hash("1700000000000\n" + secret, secret,
                                                            QCryptographicHash::Sha256)
                               .toBase64());
        // Feishu keys with "timestamp\nsecret" and signs nothing.
        QCOMPARE(AlertPayloads::feishuSign(1700000000, "abc"),
                 QMessageAuthenticationCode::hash(QByteArray(), "1700000000\nabc",
                                                  QCryptographicHash::Sha256)
                     .toBase64());

        AlertChannel c;
        c.kind = AlertChannel::Kind::DingTalk;
        AlertChannelSecrets s;
        s.url = QStringLiteral("https://oapi.dingtalk.com/robot/send?access_token=abc");
        s.signingKey = secret;
        const auto post = AlertPayloads::httpPost(c, s, budgetAlert(), 1700000000000);
        // Base64's '+', '/' and '=' arrive percent-encoded, so a server's URL decoding keeps them.
        const QByteArray query = post.url.toEncoded(QUrl::FullyEncoded);
        QVERIFY2(query.contains(QByteArray("sign=" + dingTalk.toPercentEncoding())),
                 query.constData());
        QVERIFY(query.contains("timestamp=1700000000000"));
        QVERIFY(query.contains("access_token=abc"));
    }

    void answersAreReadAsEachVendorMeansThem()
    {
        using K = AlertChannel::Kind;
        QVERIFY(AlertPayloads::readAnswer(K::Slack, 200, "ok").ok);
        QVERIFY(!AlertPayloads::readAnswer(K::Slack, 404, "no_service").ok);
        QVERIFY(AlertPayloads::readAnswer(K::DingTalk, 200, R"({"errcode":0,"errmsg":"ok"})").ok);
        const AlertDelivery sign = AlertPayloads::readAnswer(
            K::DingTalk, 200, R"({"errcode":310000,"errmsg":"sign not match"})");
        QVERIFY(!sign.ok);
        QVERIFY(sign.answer.contains(QStringLiteral("sign not match")));
        QVERIFY(AlertPayloads::readAnswer(K::Feishu, 200, R"({"StatusCode":0})").ok);
        QVERIFY(AlertPayloads::readAnswer(K::Feishu, 200, R"({"code":0,"msg":"success"})").ok);
        QVERIFY(!AlertPayloads::readAnswer(K::Feishu, 200, R"({"code":19021,"msg":"x"})").ok);
        QVERIFY(!AlertPayloads::readAnswer(K::Feishu, 200, "{}").ok);
        QVERIFY(AlertPayloads::readAnswer(K::Webhook, 204, "").ok);
        const AlertDelivery huge =
            AlertPayloads::readAnswer(K::Webhook, 500, QByteArray(100000, 'x'));
        QVERIFY(!huge.ok);
        QVERIFY(huge.answer.size() < 400); // bounded before it is kept or shown
    }

    void mailIsWellFormed()
    {
        AlertChannel c;
        c.kind = AlertChannel::Kind::Email;
        c.from = QStringLiteral("LLMux <alerts@example.com>");
        c.to = {QStringLiteral("a@example.com"), QStringLiteral("b@example.com")};
        Alert a = budgetAlert();
        a.title = QStringLiteral("预算 80%");
        a.at = QDateTime::currentDateTimeUtc();
        const QByteArray mail = AlertPayloads::mail(c, a, a.at);
        QVERIFY(mail.contains("\r\nTo: a@example.com, b@example.com\r\n"));
        QVERIFY(mail.contains(QByteArray("Subject: =?UTF-8?B?" +
                                         QStringLiteral("[LLMux] 预算 80%").toUtf8().toBase64() +
                                         "?=")));
        QVERIFY(mail.contains("Content-Type: text/plain; charset=UTF-8"));
        QVERIFY(mailText(mail).contains(QStringLiteral("预算 80%")));
        for (const QByteArray &line : mail.split('\n'))
            QVERIFY(line.size() <= 999);
    }

    void repeatsAreThrottledPerEventAndSubject()
    {
        AlertThrottle throttle;
        const Alert a = budgetAlert(80);
        QVERIFY(throttle.admit(a, 0).send);
        QVERIFY(!throttle.admit(a, 1000).send);
        QVERIFY(!throttle.admit(a, AlertThrottle::kQuietMs - 1).send);
        QVERIFY(throttle.admit(budgetAlert(100), 2000).send); // another threshold, another subject
        const AlertThrottle::Verdict later = throttle.admit(a, AlertThrottle::kQuietMs);
        QVERIFY(later.send);
        QCOMPARE(later.heldBack, 2);
        QVERIFY(throttle.admit(AlertCenter::testAlert(), 1).send);
        QVERIFY(throttle.admit(AlertCenter::testAlert(), 2).send); // asked for: never held
        Alert expiring;
        expiring.event = Alert::Event::KeyExpiring;
        expiring.subject = QStringLiteral("k");
        QVERIFY(throttle.admit(expiring, 0).send);
        QVERIFY(!throttle.admit(expiring, AlertThrottle::kQuietMs * 2).send); // once a day
        QVERIFY(throttle.admit(expiring, AlertThrottle::kExpiryQuietMs).send);
    }

    void channelsAreStoredWithoutTheirSecrets()
    {
        AlertChannel c;
        c.name = QStringLiteral("team");
        c.kind = AlertChannel::Kind::Slack;
        c.events = {Alert::Event::BudgetExhausted, Alert::Event::ProviderDown};
        AlertChannelSecrets s;
        s.url = QStringLiteral("https://hooks.slack.com/services/T1/B2/verysecrettoken");
        const auto added = addChannel(c, s);
        QVERIFY2(added, qPrintable(added.error()));
        QCOMPARE(added->where, QStringLiteral("https://hooks.slack.com/…"));
        QCOMPARE(added->events, c.events);
        QVERIFY(added->wants(Alert::Event::ProviderDown));
        QVERIFY(!added->wants(Alert::Event::ProviderRecovered));
        QVERIFY(added->wants(Alert::Event::Test));
        // The token is in the keychain, never in the database file.
        QFile file(m_dir.filePath(QStringLiteral("alerts.sqlite")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains("verysecrettoken"));
        QVERIFY(m_secrets
                    ->read(SecretStore::alertChannelAccount(SettingsRepository(*m_db).instanceId(),
                                                            added->id))
                    ->contains("verysecrettoken"));
        QVERIFY(!AlertChannelStore(*m_db, *m_secrets).add(c, s)); // the name is taken

        AlertChannel mail;
        mail.name = QStringLiteral("ops");
        mail.kind = AlertChannel::Kind::Email;
        mail.where = QStringLiteral("smtp://mail.example.com:587");
        mail.from = QStringLiteral("llmux@example.com");
        mail.to = {QStringLiteral("ops@example.com")};
        mail.user = QStringLiteral("llmux");
        QVERIFY(!AlertChannelStore(*m_db, *m_secrets).add(mail, {})); // a login needs a password
        mail.tls = AlertChannel::Tls::None;
        AlertChannelSecrets password;
        password.password = "hunter22";
        QVERIFY(!AlertChannelStore(*m_db, *m_secrets).add(mail, password)); // not in the clear

        AlertChannel off = added.value();
        off.enabled = false;
        QVERIFY(AlertRepository(*m_db).updateChannel(off).ok());
        QVERIFY(!AlertRepository(*m_db)
                     .channel(QStringLiteral("team"))
                     ->wants(Alert::Event::ProviderDown));
        QVERIFY(AlertChannelStore(*m_db, *m_secrets).remove(off).ok());
        QVERIFY(!AlertRepository(*m_db).channel(QStringLiteral("team")));
        QVERIFY(!m_backend->contains(
            SecretStore::alertChannelAccount(SettingsRepository(*m_db).instanceId(), off.id)));
    }

    void historyKeepsWhatEachChannelSaid()
    {
        AlertRepository repository(*m_db);
        Alert a = budgetAlert();
        a.at = QDateTime::currentDateTimeUtc();
        const auto id = repository.record(a);
        QVERIFY(id);
        QVERIFY(repository
                    .setDeliveries(
                        *id, {{1, QStringLiteral("team"), true, QStringLiteral("HTTP 200: ok")},
                              {2, QStringLiteral("ops"), false, QStringLiteral("SMTP 535")}})
                    .ok());
        const auto history = repository.history(10);
        QVERIFY(history);
        QCOMPARE(history->size(), 1);
        QCOMPARE(history->first().alert.title, a.title);
        QCOMPARE(history->first().alert.event, Alert::Event::BudgetThreshold);
        QCOMPARE(history->first().deliveries.size(), 2);
        QVERIFY(!history->first().deliveries.at(1).ok);
        for (int i = 0; i < 5; ++i)
            QVERIFY(repository.record(a));
        QVERIFY(repository.prune(0, 3).ok());
        QCOMPARE(repository.history(100)->size(), 3);
        QVERIFY(repository.prune(QDateTime::currentMSecsSinceEpoch() + 1000, 100).ok());
        QCOMPARE(repository.history(100)->size(), 0);
    }

    void everyChannelGetsTheAlertOnceAndSignedRight()
    {
        FakeAlertReceiver webhook(FakeAlertReceiver::Kind::Webhook, "webhook-signing-key");
        FakeAlertReceiver slack(FakeAlertReceiver::Kind::Slack);
        FakeAlertReceiver dingTalk(FakeAlertReceiver::Kind::DingTalk, "SECdingtalk-secret-123");
        FakeAlertReceiver feishu(FakeAlertReceiver::Kind::Feishu, "feishu-secret-456");
        FakeSmtpServer smtp(kCertificate, kKey, "llmux", "mail-password-789");
        for (FakeAlertReceiver *r : {&webhook, &slack, &dingTalk, &feishu})
            QVERIFY(r->listen());
        QVERIFY(smtp.start());

        QList<AlertChannel> channels;
        const auto add = [&](AlertChannel::Kind kind, const QString &name, const QString &url,
                             const QByteArray &key) {
            AlertChannel c;
            c.kind = kind;
            c.name = name;
            AlertChannelSecrets s;
            s.url = url;
            s.signingKey = key;
            const auto added = addChannel(c, s);
            QVERIFY2(added, qPrintable(added.error()));
            channels << added.value();
        };
        add(AlertChannel::Kind::Webhook, QStringLiteral("hook"), webhook.url(),
            "webhook-signing-key");
        add(AlertChannel::Kind::Slack, QStringLiteral("slack"), slack.url(), {});
        add(AlertChannel::Kind::DingTalk, QStringLiteral("dingtalk"), dingTalk.url(),
            "SECdingtalk-secret-123");
        add(AlertChannel::Kind::Feishu, QStringLiteral("feishu"), feishu.url(),
            "feishu-secret-456");
        AlertChannel mail;
        mail.kind = AlertChannel::Kind::Email;
        mail.name = QStringLiteral("mail");
        mail.where = smtp.url();
        mail.from = QStringLiteral("LLMux <llmux@example.com>");
        mail.to = {QStringLiteral("ops@example.com"), QStringLiteral("boss@example.com")};
        mail.user = QStringLiteral("llmux");
        mail.caFile = kCertificate;
        AlertChannelSecrets password;
        password.password = "mail-password-789";
        const auto mailChannel = addChannel(mail, password);
        QVERIFY2(mailChannel, qPrintable(mailChannel.error()));
        channels << mailChannel.value();
        // One more that wants other events only.
        AlertChannel picky;
        picky.kind = AlertChannel::Kind::Slack;
        picky.name = QStringLiteral("picky");
        picky.events = {Alert::Event::ProviderDown};
        AlertChannelSecrets pickyUrl;
        pickyUrl.url = slack.url();
        channels << addChannel(picky, pickyUrl).value();

        test::TestClock clock;
        AlertCenter center(*m_db, *m_secrets, clock);
        center.setConfig(configWith(channels));
        QSignalSpy alerted(&center, &AlertCenter::alerted);
        center.raise(budgetAlert(80));
        center.raise(budgetAlert(80)); // the same again: held back
        QTRY_COMPARE_WITH_TIMEOUT(smtp.mails().size(), 1, 20000);
        QTRY_COMPARE(webhook.received().size(), 1);
        QTRY_COMPARE(slack.received().size(), 1);
        QTRY_COMPARE(dingTalk.received().size(), 1);
        QTRY_COMPARE(feishu.received().size(), 1);
        QCOMPARE(alerted.size(), 1);

        QVERIFY(webhook.received().first().signatureOk);
        const QJsonObject hook = QJsonDocument::fromJson(webhook.received().first().body).object();
        QCOMPARE(hook.value(QStringLiteral("event")).toString(),
                 QStringLiteral("budget-threshold"));
        QCOMPARE(hook.value(QStringLiteral("details"))
                     .toObject()
                     .value(QStringLiteral("threshold"))
                     .toString(),
                 QStringLiteral("80"));
        QVERIFY(dingTalk.received().first().signatureOk);
        QVERIFY(feishu.received().first().signatureOk);
        QVERIFY(slack.received().first().text.contains(QStringLiteral("passed 80%")));
        QVERIFY(dingTalk.received().first().text.startsWith(QStringLiteral("LLMux: ")));
        const FakeSmtpServer::Mail &m = smtp.mails().first();
        QVERIFY(m.encrypted);
        QCOMPARE(m.user, QByteArray("llmux"));
        QCOMPARE(m.from, QByteArray("llmux@example.com"));
        QCOMPARE(m.to, (QList<QByteArray>{"ops@example.com", "boss@example.com"}));
        QVERIFY(mailText(m.data).contains(QStringLiteral("passed 80%")));

        // The history says every channel took it.
        QTRY_VERIFY(AlertRepository(*m_db).history(1)->first().deliveries.size() == 5);
        const QList<AlertRecord> newest = AlertRepository(*m_db).history(1).value();
        for (const AlertDelivery &d : newest.first().deliveries)
            QVERIFY2(d.ok, qPrintable(d.channel + QStringLiteral(": ") + d.answer));

        // An hour later the same alert goes out again and says how many were held back.
        clock.advance(AlertThrottle::kQuietMs);
        center.raise(budgetAlert(80));
        QTRY_COMPARE(webhook.received().size(), 2);
        QVERIFY(QJsonDocument::fromJson(webhook.received().last().body)
                    .object()
                    .value(QStringLiteral("message"))
                    .toString()
                    .contains(QStringLiteral("1 more like this")));
        QTRY_COMPARE_WITH_TIMEOUT(smtp.mails().size(), 2, 20000);
        QTRY_COMPARE(slack.received().size(), 2);
        QTest::qWait(100);
        QCOMPARE(slack.received().size(), 2); // picky never got a budget alert
    }

    void aReceiverThatRefusesIsRecordedWithoutSecrets()
    {
        FakeAlertReceiver dingTalk(FakeAlertReceiver::Kind::DingTalk, "the-right-secret");
        QVERIFY(dingTalk.listen());
        AlertChannel c;
        c.kind = AlertChannel::Kind::DingTalk;
        c.name = QStringLiteral("dt");
        AlertChannelSecrets s;
        s.url = dingTalk.url();
        s.signingKey = "a-wrong-secret";
        const auto channel = addChannel(c, s);
        QVERIFY(channel);
        test::TestClock clock;
        AlertCenter center(*m_db, *m_secrets, clock);
        std::optional<AlertDelivery> said;
        center.sendTest(channel.value(), [&](const AlertDelivery &d) { said = d; });
        QTRY_VERIFY(said.has_value());
        QVERIFY(!said->ok);
        QVERIFY2(said->answer.contains(QStringLiteral("sign not match")), qPrintable(said->answer));

        // A receiver that echoes the address (and its token) back is masked.
        dingTalk.failWith(400, "bad request to " + dingTalk.url().toUtf8());
        said.reset();
        center.sendTest(channel.value(), [&](const AlertDelivery &d) { said = d; });
        QTRY_VERIFY(said.has_value());
        QVERIFY(!said->ok);
        QVERIFY2(!said->answer.contains(QStringLiteral("dingtalktoken")), qPrintable(said->answer));
        QTRY_COMPARE(AlertRepository(*m_db).history(10)->size(), 2);
        QVERIFY(!AlertRepository(*m_db).history(1)->first().deliveries.isEmpty());
    }

    void aWrongMailPasswordIsReported()
    {
        FakeSmtpServer smtp(kCertificate, kKey, "llmux", "right-password");
        QVERIFY(smtp.start());
        AlertChannel mail;
        mail.kind = AlertChannel::Kind::Email;
        mail.name = QStringLiteral("mail");
        mail.where = smtp.url();
        mail.from = QStringLiteral("llmux@example.com");
        mail.to = {QStringLiteral("ops@example.com")};
        mail.user = QStringLiteral("llmux");
        mail.caFile = kCertificate;
        AlertChannelSecrets s;
        s.password = "wrong-password";
        const auto channel = addChannel(mail, s);
        QVERIFY(channel);
        AlertCenter center(*m_db, *m_secrets);
        std::optional<AlertDelivery> said;
        center.sendTest(channel.value(), [&](const AlertDelivery &d) { said = d; });
        QTRY_VERIFY_WITH_TIMEOUT(said.has_value(), 20000);
        QVERIFY(!said->ok);
        QVERIFY2(said->answer.contains(QStringLiteral("535")) ||
                     said->answer.contains(QStringLiteral("Login denied")),
                 qPrintable(said->answer));
        QVERIFY(smtp.failedLogins() >= 1);
        QVERIFY(smtp.mails().isEmpty());
        QVERIFY(!said->answer.contains(QStringLiteral("wrong-password")));

        // Without trusting the server's certificate, nothing is sent either.
        AlertChannel untrusted = channel.value();
        untrusted.caFile.clear();
        said.reset();
        center.sendTest(untrusted, [&](const AlertDelivery &d) { said = d; });
        QTRY_VERIFY_WITH_TIMEOUT(said.has_value(), 20000);
        QVERIFY(!said->ok);
        QVERIFY(smtp.mails().isEmpty());
    }

    void gatewayEventsBecomeAlerts()
    {
        test::TestClock clock;
        AlertCenter center(*m_db, *m_secrets, clock);
        AcceptedKey soon;
        soon.name = QStringLiteral("ci-bot");
        soon.expiresAt = QDateTime::currentDateTimeUtc().addDays(3);
        AcceptedKey later;
        later.name = QStringLiteral("laptop");
        later.expiresAt = QDateTime::currentDateTimeUtc().addDays(30);
        QSignalSpy alerted(&center, &AlertCenter::alerted);
        center.setConfig(configWith({}, {soon, later}));
        QCOMPARE(alerted.size(), 1);
        QCOMPARE(alerted.first().first().value<Alert>().event, Alert::Event::KeyExpiring);
        QVERIFY(alerted.first().first().value<Alert>().title.contains(QStringLiteral("ci-bot")));

        // A limit refusing again and again.
        for (int i = 0; i < AlertCenter::kLimitRefusals - 1; ++i)
            center.limitRefused(3, QStringLiteral("Rate limit 3 (key k: 5 requests per 1m)"));
        QTest::qWait(0);
        QCoreApplication::processEvents();
        QCOMPARE(alerted.size(), 1);
        center.limitRefused(3, QStringLiteral("Rate limit 3 (key k: 5 requests per 1m)"));
        QTRY_COMPARE(alerted.size(), 2);
        QCOMPARE(alerted.last().first().value<Alert>().event, Alert::Event::LimitHit);

        // Requests: a route whose targets all failed; the gateway's own refusals are not that.
        RequestLogEntry failed;
        failed.modelRequested = QStringLiteral("gpt-4o-2024-08-06");
        failed.provider = QStringLiteral("openai");
        failed.status = 502;
        failed.attempts = 3;
        failed.exhaustedRoute = QStringLiteral("gpt-4o*");
        RequestLogEntry limited;
        limited.modelRequested = QStringLiteral("gpt-4o");
        limited.status = 429;
        RequestLogEntry cutOff = failed; // a stream that broke midway: nothing else to try
        cutOff.exhaustedRoute.clear();
        RequestLogEntry fine = cutOff;
        fine.status = 200;
        RequestLogEntry otherName = failed; // another name through the same route
        otherName.modelRequested = QStringLiteral("gpt-4o-mini");
        center.watchRequests({limited, fine, cutOff, failed, failed, otherName});
        QCOMPARE(alerted.size(), 3);
        QCOMPARE(alerted.last().first().value<Alert>().event, Alert::Event::RouteFailing);
        QCOMPARE(alerted.last().first().value<Alert>().subject, QStringLiteral("gpt-4o*"));

        // Health: a rejected key, a provider going down and coming back.
        HealthCheckRecord check;
        check.providerName = QStringLiteral("openai");
        check.status = 401;
        center.watchHealthCheck(check);
        QCOMPARE(alerted.size(), 4);
        QCOMPARE(alerted.last().first().value<Alert>().event, Alert::Event::KeyRejected);
        center.watchProviderState(QStringLiteral("openai"), false, QStringLiteral("no key works"));
        center.watchProviderState(QStringLiteral("openai"), true, {});
        QCOMPARE(alerted.size(), 6);
        QCOMPARE(alerted.last().first().value<Alert>().event, Alert::Event::ProviderRecovered);

        // Each is in the history, though no channel wanted it.
        QCOMPARE(AlertRepository(*m_db).history(100)->size(), 6);

        // The hourly look at keys does not repeat itself within the day, and says it again a day
        // later.
        clock.advance(60 * 60 * 1000);
        QTest::qWait(50);
        QCOMPARE(alerted.size(), 6);
        clock.advance(AlertThrottle::kExpiryQuietMs);
        QTRY_COMPARE(alerted.size(), 7);
        QCOMPARE(alerted.last().first().value<Alert>().event, Alert::Event::KeyExpiring);

        // Stopped: request batches that arrive late (the writer's last flush) say nothing.
        center.setConfig(nullptr);
        RequestLogEntry late = failed;
        late.exhaustedRoute = QStringLiteral("another-route");
        center.watchRequests({late});
        QCOMPARE(alerted.size(), 7);
    }
};

QTEST_GUILESS_MAIN(TestAlerts)
#include "tst_alerts.moc"
