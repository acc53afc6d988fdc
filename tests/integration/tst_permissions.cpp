// What a gateway key may use, through a real gateway over loopback: models by name and pattern,
// endpoints, the read scope; a refusal is 403 in the client's own format naming what is not
// allowed, the model lists show only what the key may use, and an edit reaches the running
// gateway without a restart.
#include "core/domain/KeyPermissions.h"
#include "core/keys/GatewayKeyIssuer.h"
#include "core/store/GatewayKeyRepository.h"
#include "core/store/ProjectRepository.h"
#include "tests/integration/GatewayFixture.h"
#include "tests/translate/StreamReplay.h"

#include <QTest>

using namespace llmux;
using namespace llmux::test;

class TestPermissions : public QObject
{
    Q_OBJECT

    GatewayFixture f;
    QHash<QString, QByteArray> m_keys; // name -> the key itself

    static QString issue(GatewayFixture &fx, QHash<QString, QByteArray> &keys, const QString &name,
                         const QStringList &models, const QStringList &endpoints,
                         const QString &scope)
    {
        GatewayKeyRecord record;
        record.name = name;
        record.allowedModels = models;
        record.allowedEndpoints = endpoints;
        record.scope = scope;
        const auto issued = GatewayKeyIssuer::issue(*fx.db, record);
        if (!issued)
            return issued.error();
        keys.insert(name, issued->key.toLatin1());
        return {};
    }

    GatewayFixture::Response as(const QString &key, const QByteArray &method,
                                const QByteArray &path, const QByteArray &body = {},
                                const QByteArray &headers = {}) const
    {
        return f.send(f.rawRequest(method, path, body,
                                   "Authorization: Bearer " + m_keys.value(key) + "\r\n" + headers,
                                   false));
    }

    static QStringList listedIds(const QByteArray &body)
    {
        QStringList ids;
        const Json list = json::parse(body);
        for (const Json &m : list["data"])
            ids << QString::fromStdString(m["id"].get<std::string>());
        return ids;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString error = f.start({}, [this](GatewayFixture &fx) -> QString {
            for (const char *name : {"deepseek-chat", "deepseek-coder", "gpt-4o"})
                if (QString e = fx.addModel(QString::fromLatin1(name), QStringLiteral("gpt-fake"));
                    !e.isEmpty())
                    return e;
            for (const QString &e :
                 {issue(fx, m_keys, QStringLiteral("ds-only"), {QStringLiteral("deepseek-*")}, {},
                        QStringLiteral("inference")),
                  issue(fx, m_keys, QStringLiteral("reader"), {}, {}, QStringLiteral("read")),
                  issue(fx, m_keys, QStringLiteral("chat-only"), {},
                        {QStringLiteral("chat"), QStringLiteral("models")},
                        QStringLiteral("inference"))})
                if (!e.isEmpty())
                    return e;
            return {};
        });
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void aKeyUsesOnlyTheModelsItMay()
    {
        const auto allowed =
            as("ds-only", "POST", "/v1/chat/completions",
               R"({"model":"deepseek-chat","messages":[{"role":"user","content":"hi"}]})");
        QCOMPARE(allowed.status, 200);

        const auto openAi = as("ds-only", "POST", "/v1/chat/completions",
                               R"({"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]})");
        QCOMPARE(openAi.status, 403);
        const Json error = json::parse(openAi.body)["error"];
        JCOMPARE(error["code"], "permission_denied");
        const QString message = QString::fromStdString(error["message"].get<std::string>());
        QVERIFY2(message.contains(QStringLiteral("'ds-only' may not use the model 'gpt-4o'")) &&
                     message.contains(QStringLiteral("deepseek-*")),
                 qPrintable(message));
        const RequestLogEntry logged = f.log(1).first();
        QCOMPARE(logged.status, 403);
        QCOMPARE(logged.keyName, QStringLiteral("ds-only"));
        QCOMPARE(logged.modelRequested, QStringLiteral("gpt-4o"));

        // In each client's own format.
        const auto anthropic =
            as("ds-only", "POST", "/v1/messages",
               R"({"model":"gpt-4o","max_tokens":10,"messages":[{"role":"user","content":"hi"}]})",
               "anthropic-version: 2023-06-01\r\n");
        QCOMPARE(anthropic.status, 403);
        JCOMPARE(json::parse(anthropic.body)["error"]["type"], "permission_error");
        const auto gemini = as("ds-only", "POST", "/v1beta/models/gpt-4o:generateContent",
                               R"({"contents":[{"role":"user","parts":[{"text":"hi"}]}]})");
        QCOMPARE(gemini.status, 403);
        JCOMPARE(json::parse(gemini.body)["error"]["status"], "PERMISSION_DENIED");
        const auto responses =
            as("ds-only", "POST", "/v1/responses", R"({"model":"gpt-4o","input":"hi"})");
        QCOMPARE(responses.status, 403);
        QCOMPARE(f.upstream.lastRequestBody().contains("gpt-4o"), false);
    }

    void modelListsShowWhatTheKeyMayUse()
    {
        const auto openAi = as("ds-only", "GET", "/v1/models");
        QCOMPARE(openAi.status, 200);
        QCOMPARE(listedIds(openAi.body),
                 QStringList({QStringLiteral("deepseek-chat"), QStringLiteral("deepseek-coder")}));
        const auto anthropic =
            as("ds-only", "GET", "/v1/models", {}, "anthropic-version: 2023-06-01\r\n");
        QCOMPARE(listedIds(anthropic.body).size(), 2);
        const auto gemini = as("ds-only", "GET", "/v1beta/models");
        QCOMPARE(json::parse(gemini.body)["models"].size(), size_t(2));
        // A key without restrictions sees every model.
        const auto all = f.send(f.rawRequest("GET", "/v1/models"));
        QVERIFY(listedIds(all.body).contains(QStringLiteral("gpt-4o")));
    }

    void endpointsAndScopes()
    {
        const auto readModels = as("reader", "GET", "/v1/models");
        QCOMPARE(readModels.status, 200);
        const auto readChat =
            as("reader", "POST", "/v1/chat/completions",
               R"({"model":"deepseek-chat","messages":[{"role":"user","content":"hi"}]})");
        QCOMPARE(readChat.status, 403);
        QVERIFY2(readChat.body.contains("read scope"), readChat.body.constData());

        const auto chat = as("chat-only", "POST", "/v1/chat/completions",
                             R"({"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]})");
        QCOMPARE(chat.status, 200);
        const auto messages =
            as("chat-only", "POST", "/v1/messages",
               R"({"model":"gpt-4o","max_tokens":10,"messages":[{"role":"user","content":"hi"}]})",
               "anthropic-version: 2023-06-01\r\n");
        QCOMPARE(messages.status, 403);
        QVERIFY2(messages.body.contains("the messages endpoint") &&
                     messages.body.contains("only the endpoints chat, models"),
                 messages.body.constData());
        const auto embeddings =
            as("chat-only", "POST", "/v1/embeddings", R"({"model":"gpt-4o","input":"hi"})");
        QCOMPARE(embeddings.status, 403);
    }

    void editsReachTheRunningGateway()
    {
        QVERIFY(GatewayKeyRepository(*f.db)
                    .setPermissions(QStringLiteral("ds-only"), {}, {}, QStringLiteral("inference"))
                    .ok());
        QTRY_VERIFY_WITH_TIMEOUT(
            as("ds-only", "POST", "/v1/chat/completions",
               R"({"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]})")
                    .status == 200,
            5000);
    }
};

QTEST_GUILESS_MAIN(TestPermissions)
#include "tst_permissions.moc"
