// Alerts through a real gateway: a project with a $1 hard budget (alerts at 80 % and 100 %) is
// stopped at $1, and a generic webhook, Slack, DingTalk, Feishu and e-mail each get the 80 % and
// the 100 % alert exactly once, signed as each vendor documents; a rate limit that keeps refusing
// a key raises one alert, however often it refuses. Channel secrets are in the keychain.
#include "core/alerts/AlertCenter.h"
#include "core/keys/GatewayKeyIssuer.h"
#include "core/services/AlertChannelStore.h"
#include "core/store/AlertRepository.h"
#include "core/store/BudgetRepository.h"
#include "core/store/ProjectRepository.h"
#include "core/store/RateLimitRepository.h"
#include "tests/fakes/FakeAlertReceiver.h"
#include "tests/fakes/FakeSmtpServer.h"
#include "tests/integration/GatewayFixture.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace llmux;
using namespace llmux::test;

namespace {

const QString kCertificate = QStringLiteral(LLMUX_TEST_FIXTURES "/tls/localhost.crt");
const QString kKey = QStringLiteral(LLMUX_TEST_FIXTURES "/tls/localhost.key");

QString mailText(const QByteArray &data)
{
    return QString::fromUtf8(QByteArray::fromBase64(data.mid(data.indexOf("\r\n\r\n") + 4)));
}

} // namespace

class TestAlerting : public QObject
{
    Q_OBJECT

    GatewayFixture f;
    QHash<QString, QByteArray> m_keys;
    FakeAlertReceiver m_webhook{FakeAlertReceiver::Kind::Webhook, "hook-signing-key"};
    FakeAlertReceiver m_slack{FakeAlertReceiver::Kind::Slack};
    FakeAlertReceiver m_dingTalk{FakeAlertReceiver::Kind::DingTalk, "SECding-talk-secret"};
    FakeAlertReceiver m_feishu{FakeAlertReceiver::Kind::Feishu, "feishu-bot-secret"};
    FakeSmtpServer m_smtp{kCertificate, kKey, "alerts", "smtp-password-1"};
    QList<AlertChannel> m_channels;

    GatewayFixture::Response chatAs(const QString &key, const QByteArray &model = "priced") const
    {
        return f.send(f.rawRequest("POST", "/v1/chat/completions",
                                   "{\"model\":\"" + model +
                                       "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                                   "Authorization: Bearer " + m_keys.value(key) + "\r\n", false));
    }

    QString addChannels(GatewayFixture &fx)
    {
        AlertChannelStore store(*fx.db, *fx.secrets);
        const auto add = [&](AlertChannel::Kind kind, const QString &name, const QString &url,
                             const QByteArray &key) {
            AlertChannel c;
            c.kind = kind;
            c.name = name;
            c.events = {Alert::Event::BudgetThreshold, Alert::Event::BudgetExhausted,
                        Alert::Event::LimitHit};
            AlertChannelSecrets s;
            s.url = url;
            s.signingKey = key;
            const auto id = store.add(c, s);
            if (!id)
                return id.error();
            c.id = id.value();
            m_channels << c;
            return QString();
        };
        for (const QString &e :
             {add(AlertChannel::Kind::Webhook, QStringLiteral("hook"), m_webhook.url(),
                  "hook-signing-key"),
              add(AlertChannel::Kind::Slack, QStringLiteral("slack"), m_slack.url(), {}),
              add(AlertChannel::Kind::DingTalk, QStringLiteral("dingtalk"), m_dingTalk.url(),
                  "SECding-talk-secret"),
              add(AlertChannel::Kind::Feishu, QStringLiteral("feishu"), m_feishu.url(),
                  "feishu-bot-secret")})
            if (!e.isEmpty())
                return e;
        AlertChannel mail;
        mail.kind = AlertChannel::Kind::Email;
        mail.name = QStringLiteral("mail");
        mail.where = m_smtp.url();
        mail.from = QStringLiteral("llmux@example.com");
        mail.to = {QStringLiteral("finance@example.com")};
        mail.user = QStringLiteral("alerts");
        mail.caFile = kCertificate;
        AlertChannelSecrets password;
        password.password = "smtp-password-1";
        const auto id = store.add(mail, password);
        if (!id)
            return id.error();
        mail.id = id.value();
        m_channels << mail;
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        for (FakeAlertReceiver *r : {&m_webhook, &m_slack, &m_dingTalk, &m_feishu})
            QVERIFY(r->listen());
        QVERIFY(m_smtp.start());
        const QString error = f.start({}, [this](GatewayFixture &fx) -> QString {
            const auto project = ProjectRepository(*fx.db).add(QStringLiteral("team-x"));
            if (!project)
                return project.error();
            for (const char *name : {"spender", "hammer"}) {
                GatewayKeyRecord record;
                record.name = QString::fromLatin1(name);
                if (record.name == u"spender")
                    record.projectId = *project;
                const auto issued = GatewayKeyIssuer::issue(*fx.db, record);
                if (!issued)
                    return issued.error();
                m_keys.insert(record.name, issued->key.toLatin1());
            }
            // 11 + 7 tokens at $10,000 per million each way: $0.18 a request.
            if (QString e = fx.addModel(QStringLiteral("priced"), QStringLiteral("gpt-fake"),
                                        ModelPrice{10000, 10000});
                !e.isEmpty())
                return e;
            Budget b;
            b.scope = Budget::Scope::Project;
            b.subject = QStringLiteral("team-x");
            b.amount = 1;
            b.period = Budget::Period::Month;
            b.alertAt = {80, 100};
            b.hard = true;
            if (const auto id = BudgetRepository(*fx.db).set(b); !id)
                return id.error();
            RateLimit l;
            l.scope = RateLimit::Scope::Key;
            l.subject = QStringLiteral("hammer");
            l.amount = 1;
            l.windowMs = 3600000;
            if (const auto id = RateLimitRepository(*fx.db).add(l); !id)
                return id.error();
            return addChannels(fx);
        });
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void cleanupTestCase()
    {
        for (const AlertChannel &c : std::as_const(m_channels))
            (void)AlertChannelStore(*f.db, *f.secrets).remove(c);
    }

    void aHardBudgetStopsAtOneDollarAndEveryChannelHearsOfIt()
    {
        // $0.18 each: the fifth reaches $0.90 (past 80 %), the sixth $1.08 (past 100 %).
        int served = 0;
        for (; served < 10; ++served) {
            const auto r = chatAs(QStringLiteral("spender"));
            if (r.status == 429) {
                QVERIFY2(r.body.contains("insufficient_quota"), r.body.constData());
                break;
            }
            QCOMPARE(r.status, 200);
        }
        QCOMPARE(served, 6);
        QCOMPARE(chatAs(QStringLiteral("spender")).status, 429); // still stopped, no new alert

        QTRY_COMPARE_WITH_TIMEOUT(m_smtp.mails().size(), 2, 20000);
        for (FakeAlertReceiver *r : {&m_webhook, &m_slack, &m_dingTalk, &m_feishu})
            QTRY_COMPARE(r->received().size(), 2);
        for (FakeAlertReceiver *r : {&m_webhook, &m_dingTalk, &m_feishu})
            for (const FakeAlertReceiver::Received &got : r->received())
                QVERIFY(got.signatureOk);
        // Each channel got one of each (receivers may see them in either order).
        const auto oneOfEach = [](const QStringList &texts) {
            return texts.size() == 2 && texts.filter(QStringLiteral("passed 80%")).size() == 1 &&
                   texts.filter(QStringLiteral("is spent")).size() == 1 &&
                   texts.filter(QStringLiteral("project team-x")).size() == 2;
        };
        for (FakeAlertReceiver *r : {&m_webhook, &m_slack, &m_dingTalk, &m_feishu}) {
            QStringList texts;
            for (const FakeAlertReceiver::Received &got : r->received())
                texts << got.text;
            QVERIFY2(oneOfEach(texts), qPrintable(texts.join(QStringLiteral(" | "))));
        }
        QStringList mails;
        for (const FakeSmtpServer::Mail &m : m_smtp.mails()) {
            mails << mailText(m.data);
            QVERIFY(m.encrypted);
        }
        QVERIFY2(oneOfEach(mails), qPrintable(mails.join(QStringLiteral(" | "))));
        QStringList events;
        for (const FakeAlertReceiver::Received &got : m_webhook.received()) {
            const QJsonObject hook = QJsonDocument::fromJson(got.body).object();
            events << hook.value(QStringLiteral("event")).toString();
            QCOMPARE(hook.value(QStringLiteral("details"))
                         .toObject()
                         .value(QStringLiteral("subject"))
                         .toString(),
                     QStringLiteral("team-x"));
        }
        events.sort();
        QCOMPARE(events, (QStringList{QStringLiteral("budget-exhausted"),
                                      QStringLiteral("budget-threshold")}));

        // The history has both, each taken by all five channels.
        QTRY_VERIFY(AlertRepository(*f.db).history(2)->first().deliveries.size() == 5 &&
                    AlertRepository(*f.db).history(2)->last().deliveries.size() == 5);
        const QList<AlertRecord> history = AlertRepository(*f.db).history(10).value();
        QCOMPARE(history.size(), 2);
        for (const AlertRecord &r : history)
            for (const AlertDelivery &d : r.deliveries)
                QVERIFY2(d.ok, qPrintable(d.channel + QStringLiteral(": ") + d.answer));

        // Nothing more arrives later.
        QTest::qWait(200);
        QCOMPARE(m_slack.received().size(), 2);
    }

    void aLimitThatKeepsRefusingRaisesOneAlert()
    {
        for (FakeAlertReceiver *r : {&m_webhook, &m_slack, &m_dingTalk, &m_feishu})
            r->clear();
        QCOMPARE(chatAs(QStringLiteral("hammer"), "gpt-fake").status, 200);
        for (int i = 0; i < 3 * AlertCenter::kLimitRefusals; ++i)
            QCOMPARE(chatAs(QStringLiteral("hammer"), "gpt-fake").status, 429);
        QTRY_COMPARE(m_slack.received().size(), 1);
        QVERIFY(m_slack.received().first().text.contains(QStringLiteral("keeps refusing")));
        QTRY_COMPARE_WITH_TIMEOUT(m_smtp.mails().size(), 3, 20000);
        QTest::qWait(200);
        QCOMPARE(m_slack.received().size(), 1); // held back for an hour
        QCOMPARE(m_webhook.received().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestAlerting)
#include "tst_alerting.moc"
