// The playground over a real gateway in front of the fake OpenAI provider: a streamed chat with
// its statistics and log entry under the Playground's own key (kept in the real keychain), a
// second turn carrying the history, provider errors in plain words, Stop, and "Copy as curl"
// without the key. Renders the page to PNG in the working folder (playground.png).
#include "core/gateway/Gateway.h"
#include "core/keys/GatewayKeyCodec.h"
#include "core/store/Database.h"
#include "core/store/GatewayKeyRepository.h"
#include "core/store/ModelRepository.h"
#include "core/store/ProviderRepository.h"
#include "core/store/RequestLogRepository.h"
#include "core/store/SecretStore.h"
#include "core/store/SettingsRepository.h"
#include "tests/fakes/FakeOpenAiUpstream.h"
#include "ui/playground/ChatRequest.h"
#include "ui/playground/PlaygroundKey.h"
#include "ui/playground/PlaygroundPage.h"
#include "ui/theme/Theme.h"

#include <QClipboard>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTextDocument>
#include <QTextFrame>
#include <QUuid>

using namespace llmux;
using namespace llmux::test;

namespace {

// The messages of a chat request body, as "role: content" lines.
QStringList messagesOf(const QByteArray &body)
{
    QStringList out;
    for (const QJsonValue &m :
         QJsonDocument::fromJson(body).object().value(QStringLiteral("messages")).toArray())
        out << m.toObject().value(QStringLiteral("role")).toString() + QStringLiteral(": ") +
                   m.toObject().value(QStringLiteral("content")).toString();
    return out;
}

bool hasPlaygroundEntry(const Database &db, const QString &model, int status)
{
    const auto recent = RequestLogRepository(db).recent(50);
    if (!recent)
        return false;
    for (const RequestLogEntry &e : recent.value())
        if (e.keyName == PlaygroundKey::keyName() && e.modelRequested == model &&
            e.status == status && e.stream)
            return true;
    return false;
}

void sendMessage(PlaygroundPage *page, const QString &text)
{
    QTest::keyClicks(page->messageEdit(), text);
    QVERIFY(page->sendButton()->isEnabled());
    QTest::mouseClick(page->sendButton(), Qt::LeftButton);
    QVERIFY(page->isBusy());
    QTRY_VERIFY_WITH_TIMEOUT(!page->isBusy(), 15000);
}

} // namespace

class TestPlaygroundPage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void curlCommandQuotesTheBodyAndLeavesTheKeyOut()
    {
        ChatRequest request;
        request.model = QStringLiteral("quick");
        request.systemPrompt = QStringLiteral("Be brief.");
        request.temperature = 0.5;
        request.maxTokens = 100;
        request.messages = {{QStringLiteral("user"), QStringLiteral("It's fine"), {}}};
        const QJsonObject body = QJsonDocument::fromJson(request.body()).object();
        QCOMPARE(body.value(QStringLiteral("model")).toString(), QStringLiteral("quick"));
        QVERIFY(body.value(QStringLiteral("stream")).toBool());
        QVERIFY(body.value(QStringLiteral("stream_options"))
                    .toObject()
                    .value(QStringLiteral("include_usage"))
                    .toBool());
        QCOMPARE(body.value(QStringLiteral("temperature")).toDouble(), 0.5);
        QCOMPARE(body.value(QStringLiteral("max_tokens")).toInt(), 100);
        QVERIFY(!body.contains(QStringLiteral("top_p")));
        QCOMPARE(messagesOf(request.body()), QStringList({QStringLiteral("system: Be brief."),
                                                          QStringLiteral("user: It's fine")}));

        const QString curl = request.curlCommand(QStringLiteral("http://127.0.0.1:5569/v1/"));
        QVERIFY2(
            curl.startsWith(QLatin1String("curl -N http://127.0.0.1:5569/v1/chat/completions")),
            qPrintable(curl));
        QVERIFY(curl.contains(QLatin1String("-H \"Authorization: Bearer $LLMUX_API_KEY\"")));
        // The quote in the message survives the shell's single quotes.
        QVERIFY2(curl.contains(QLatin1String("It'\\''s fine")), qPrintable(curl));
    }

    void chatsThroughTheGateway()
    {
        FakeOpenAiUpstream upstream;
        QVERIFY(upstream.listen());
        qputenv("LLMUX_TEST_PLAYGROUND_KEY", "sk-playground-upstream");

        QTemporaryDir dir;
        Database db(dir.filePath(QStringLiteral("llmux.sqlite")));
        QVERIFY(db.open().ok());
        QVERIFY(SettingsRepository(db).setValue(QStringLiteral("health.interval_ms"),
                                                QStringLiteral("0")));
        ProviderRecord provider;
        provider.name = QStringLiteral("fake");
        provider.kind = QStringLiteral("openai");
        provider.baseUrl = upstream.baseUrl();
        provider.apiKeyEnv = QStringLiteral("LLMUX_TEST_PLAYGROUND_KEY");
        const auto providerId = ProviderRepository(db).add(provider);
        QVERIFY(providerId);
        ModelRecord alias;
        alias.publicName = QStringLiteral("quick");
        alias.providerId = providerId.value();
        alias.upstreamModel = QStringLiteral("gpt-fake");
        alias.price = ModelPrice{2.0, 8.0};
        QVERIFY(ModelRepository(db).add(alias).ok());

        // A keychain service of this run only, removed at the end.
        SecretStore secrets(QStringLiteral("LLMux-tests-playground-%1")
                                .arg(QUuid::createUuid().toString(QUuid::WithoutBraces)));
        const QString account =
            SecretStore::playgroundKeyAccount(SettingsRepository(db).instanceId());
        struct Cleanup
        {
            SecretStore &secrets;
            QString account;
            ~Cleanup() { static_cast<void>(secrets.remove(account)); } // best effort
        } cleanup{secrets, account};

        Gateway gateway(db, secrets);
        auto page = std::make_unique<PlaygroundPage>(&gateway, db, secrets);
        page->resize(1100, 760);
        page->show();
        QCOMPARE(page->windowTitle(), QStringLiteral("Playground"));

        // Stopped: nothing to send to, and the page says so.
        QVERIFY(!page->sendButton()->isEnabled());
        QVERIFY(page->hintLabel()->isVisible());

        QSignalSpy ready(&gateway, &Gateway::ready);
        GatewayOptions options;
        options.port = 0;
        options.workerThreads = 2;
        QVERIFY(gateway.start(options).ok());
        QVERIFY(gateway.isReady() || ready.wait(10000));
        QTRY_COMPARE(page->modelCombo()->count(), 1);
        QCOMPARE(page->modelCombo()->itemText(0), QStringLiteral("quick"));
        QCOMPARE(page->modelCombo()->currentText(), QStringLiteral("quick"));
        QVERIFY(page->sendButton()->isEnabled());
        QVERIFY(!page->hintLabel()->isVisible());

        // First turn: the reply streams in, then the statistics.
        page->systemPromptEdit()->setPlainText(QStringLiteral("Be brief."));
        page->temperatureSpin()->setValue(0.7);
        sendMessage(page.get(), QStringLiteral("Hi there"));
        // The fake streams its answer a word at a time, each followed by a space.
        const QString answer = QStringLiteral("Hello from fake upstream: Hi there ");
        QVERIFY2(page->problemLabel()->isHidden(), qPrintable(page->problemLabel()->text()));
        QCOMPARE(page->history().size(), 2);
        QCOMPARE(page->history().at(1).role, QStringLiteral("assistant"));
        QCOMPARE(page->history().at(1).content, answer);
        QVERIFY(page->transcript()->toPlainText().contains(answer));
        const QString stats = page->statsLabel()->text();
        QVERIFY2(stats.contains(QLatin1String("First token after ")), qPrintable(stats));
        QVERIFY2(stats.contains(QLatin1String("11 prompt + 7 completion tokens")),
                 qPrintable(stats));
        // 11 × $2 + 7 × $8 per million tokens.
        QVERIFY2(stats.contains(QLatin1String("cost $0.000078")), qPrintable(stats));
        const QJsonObject sent = QJsonDocument::fromJson(upstream.lastRequestBody()).object();
        QCOMPARE(sent.value(QStringLiteral("temperature")).toDouble(), 0.7);
        QCOMPARE(
            messagesOf(upstream.lastRequestBody()),
            QStringList({QStringLiteral("system: Be brief."), QStringLiteral("user: Hi there")}));

        // It went through the gateway under the Playground's own key, whose plaintext is in the
        // keychain and whose hash is in the database.
        QTRY_VERIFY_WITH_TIMEOUT(hasPlaygroundEntry(db, QStringLiteral("quick"), 200), 10000);
        auto keys = GatewayKeyRepository(db).list();
        QVERIFY(keys);
        QCOMPARE(keys->size(), 1);
        QCOMPARE(keys->first().name, QStringLiteral("Playground"));
        QTRY_VERIFY_WITH_TIMEOUT(secrets.read(account).ok(), 10000);
        const QByteArray plaintext = secrets.read(account).value();
        QCOMPARE(keys->first().keyHash, GatewayKeyCodec::hash(plaintext));

        // Second turn: the whole conversation goes along.
        sendMessage(page.get(), QStringLiteral("And again"));
        QCOMPARE(page->history().size(), 4);
        QCOMPARE(page->history().at(3).content,
                 QStringLiteral("Hello from fake upstream: And again "));
        QCOMPARE(messagesOf(upstream.lastRequestBody()),
                 QStringList({QStringLiteral("system: Be brief."), QStringLiteral("user: Hi there"),
                              QStringLiteral("assistant: ") + answer,
                              QStringLiteral("user: And again")}));

        const QString png = QDir::current().filePath(QStringLiteral("playground.png"));
        QVERIFY(page->grab().save(png));
        qInfo() << "rendered" << png;

        // Copy as curl: the request with the key left as a variable.
        QGuiApplication::clipboard()->clear();
        QTest::mouseClick(page->copyCurlButton(), Qt::LeftButton);
        const QString curl = QGuiApplication::clipboard()->text();
        QVERIFY2(curl.contains(QLatin1String("$LLMUX_API_KEY")), qPrintable(curl));
        QVERIFY(
            curl.contains(QStringLiteral("curl -N %1/chat/completions").arg(gateway.baseUrl())));
        QVERIFY(curl.contains(QLatin1String("\"model\":\"quick\"")));
        QVERIFY(curl.contains(QLatin1String("And again")));
        QVERIFY(!curl.contains(QString::fromLatin1(plaintext)));
        QVERIFY(!curl.contains(GatewayKeyCodec::kPrefix));

        // A provider error is said in plain words; the message goes back into the box.
        page->modelCombo()->setCurrentText(QStringLiteral("fake/error-400"));
        sendMessage(page.get(), QStringLiteral("boom"));
        QVERIFY(page->problemLabel()->isVisible());
        QVERIFY2(page->problemLabel()->text().contains(QLatin1String("Fake upstream error 400")),
                 qPrintable(page->problemLabel()->text()));
        QCOMPARE(page->history().size(), 4);
        QCOMPARE(page->messageEdit()->toPlainText(), QStringLiteral("boom"));
        page->messageEdit()->clear();

        // An error event inside the stream: the gateway retries, then answers with the event's
        // status and message.
        page->modelCombo()->setCurrentText(QStringLiteral("fake/streamerror-500"));
        sendMessage(page.get(), QStringLiteral("boom again"));
        QVERIFY(page->problemLabel()->isVisible());
        QVERIFY2(page->problemLabel()->text().contains(QLatin1String("500")) &&
                     page->problemLabel()->text().contains(QLatin1String("Fake in-stream error")),
                 qPrintable(page->problemLabel()->text()));
        QCOMPARE(page->history().size(), 4);
        page->messageEdit()->clear();

        // Stop ends a slow reply; what came so far stays.
        page->modelCombo()->setCurrentText(QStringLiteral("fake/chunks-40-100"));
        QTest::keyClicks(page->messageEdit(), QStringLiteral("count"));
        QTest::mouseClick(page->sendButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(page->transcript()->toPlainText().contains(QLatin1String("tok1")),
                                 10000);
        QVERIFY(page->stopButton()->isEnabled());
        QTest::mouseClick(page->stopButton(), Qt::LeftButton);
        QTRY_VERIFY(!page->isBusy());
        QVERIFY2(page->statsLabel()->text().startsWith(QLatin1String("Stopped.")),
                 qPrintable(page->statsLabel()->text()));
        QCOMPARE(page->history().size(), 6);
        QVERIFY(page->history().at(5).content.startsWith(QLatin1String("tok0")));

        // A stream cut off by the provider after some text: that text stays, with the failure
        // under it, and the statistics say it was cut (not "No reply.").
        page->modelCombo()->setCurrentText(QStringLiteral("fake/cut-3"));
        sendMessage(page.get(), QStringLiteral("cut me"));
        QVERIFY(page->problemLabel()->isVisible());
        QVERIFY2(page->statsLabel()->text().contains(QLatin1String("cut off after")),
                 qPrintable(page->statsLabel()->text()));
        QCOMPARE(page->history().size(), 8);
        QCOMPARE(page->history().at(6).content, QStringLiteral("cut me"));
        QCOMPARE(page->history().at(7).role, QStringLiteral("assistant"));
        QVERIFY(!page->history().at(7).content.isEmpty());
        QVERIFY(page->messageEdit()->toPlainText().isEmpty()); // it was answered, in part

        // A theme change repaints the messages already there: no light bubbles in a dark
        // theme (their text follows the palette, so they were unreadable).
        const auto messageBackgrounds = [](PlaygroundPage *p) {
            QSet<QRgb> colours;
            for (QTextFrame *frame : p->transcript()->document()->rootFrame()->childFrames())
                colours.insert(frame->frameFormat().background().color().rgb());
            return colours;
        };
        Theme::apply(Theme::Mode::Dark);
        QCoreApplication::processEvents();
        const QRgb darkBase = page->palette().color(QPalette::AlternateBase).rgb();
        QVERIFY(messageBackgrounds(page.get()).contains(darkBase));
        for (QRgb colour : messageBackgrounds(page.get()))
            QVERIFY2(qGray(colour) < 128, qPrintable(QColor(colour).name()));
        Theme::apply(Theme::Mode::Light);
        QCoreApplication::processEvents();
        QVERIFY(messageBackgrounds(page.get())
                    .contains(page->palette().color(QPalette::AlternateBase).rgb()));

        // The window is rebuilt for a new language: the conversation and settings carry over.
        page->messageEdit()->setPlainText(QStringLiteral("half-written"));
        {
            PlaygroundPage rebuilt(&gateway, db, secrets);
            QTRY_COMPARE(rebuilt.modelCombo()->count(), 1);
            rebuilt.restoreSession(page->saveSession());
            QCOMPARE(rebuilt.history().size(), page->history().size());
            for (qsizetype i = 0; i < rebuilt.history().size(); ++i) {
                QCOMPARE(rebuilt.history().at(i).role, page->history().at(i).role);
                QCOMPARE(rebuilt.history().at(i).content, page->history().at(i).content);
            }
            QVERIFY(rebuilt.transcript()->toPlainText().contains(answer));
            QVERIFY(rebuilt.transcript()->toPlainText().contains(QLatin1String("And again")));
            QCOMPARE(rebuilt.systemPromptEdit()->toPlainText(), QStringLiteral("Be brief."));
            QCOMPARE(rebuilt.temperatureSpin()->value(), 0.7);
            QCOMPARE(rebuilt.modelCombo()->currentText(), page->modelCombo()->currentText());
            QCOMPARE(rebuilt.messageEdit()->toPlainText(), QStringLiteral("half-written"));
            // The next turn sends the whole carried-over conversation.
            QCOMPARE(rebuilt.currentRequest().messages.size(), page->history().size() + 1);
        }
        page->messageEdit()->clear();

        // New chat forgets the conversation.
        QTest::mouseClick(page->newChatButton(), Qt::LeftButton);
        QVERIFY(page->history().isEmpty());
        QVERIFY(page->transcript()->toPlainText().trimmed().isEmpty());

        // Another session finds the key in the keychain instead of making a new one.
        page.reset();
        auto again = std::make_unique<PlaygroundPage>(&gateway, db, secrets);
        again->show();
        QTRY_COMPARE(again->modelCombo()->currentText(), QStringLiteral("quick"));
        sendMessage(again.get(), QStringLiteral("Still there?"));
        QVERIFY2(again->problemLabel()->isHidden(), qPrintable(again->problemLabel()->text()));
        keys = GatewayKeyRepository(db).list();
        QCOMPARE(keys->size(), 1);
        QVERIFY(!keys->first().isRevoked());

        // Stopped again: the send button waits for the gateway.
        gateway.stop();
        QTRY_VERIFY(!again->sendButton()->isEnabled());
        QVERIFY(again->hintLabel()->isVisible());
    }
};

QTEST_MAIN(TestPlaygroundPage)
#include "tst_playgroundpage.moc"
