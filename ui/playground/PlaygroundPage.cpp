#include "ui/playground/PlaygroundPage.h"

#include "core/config/ListenSettings.h"
#include "core/gateway/Gateway.h"
#include "core/gateway/ModelResolver.h"
#include "ui/common/ModelPicker.h"
#include "ui/common/StatusTone.h"
#include "ui/playground/ChatStream.h"
#include "ui/playground/PlaygroundKey.h"
#include "ui/theme/CopyFeedback.h"
#include "ui/theme/Icons.h"
#include "ui/theme/PageHeader.h"

#include <QClipboard>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSpinBox>
#include <QTextBrowser>
#include <QTextFrame>
#include <QVBoxLayout>

namespace llmux {
namespace {

QString duration(qint64 ms)
{
    if (ms < 1000)
        return PlaygroundPage::tr("%1 ms").arg(ms);
    return PlaygroundPage::tr("%1 s").arg(double(ms) / 1000.0, 0, 'f', 2);
}

// The price of what answered: the target whose upstream model the reply names, else the first.
std::optional<ModelPrice> priceOf(const GatewayConfigPtr &config, const QString &requested,
                                  const QString &served)
{
    if (!config)
        return std::nullopt;
    const ModelResolver::Resolution resolution = ModelResolver::resolve(*config, requested);
    if (!resolution.route || resolution.route->targets.isEmpty())
        return std::nullopt;
    for (const ModelTarget &target : resolution.route->targets)
        if (target.upstreamModel.compare(served, Qt::CaseInsensitive) == 0)
            return target.price;
    return resolution.route->targets.first().price;
}

} // namespace

PlaygroundPage::PlaygroundPage(Gateway *gateway, const Database &db, const SecretStore &secrets,
                               QWidget *parent)
    : QWidget(parent)
    , m_gateway(gateway)
    , m_db(db)
    , m_network(new QNetworkAccessManager(this))
    , m_key(new PlaygroundKey(gateway, db, secrets, this))
    , m_stream(new ChatStream(m_network, this))
{
    setObjectName(QStringLiteral("playgroundPage"));
    // The gateway is on this machine: never through a proxy from the environment.
    m_network->setProxy(QNetworkProxy::NoProxy);
    setWindowTitle(tr("Playground"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 20);
    layout->setSpacing(12);

    layout->addWidget(
        new PageHeader(tr("Playground"),
                       tr("Chat with any model through the gateway, exactly as a client "
                          "would: the reply streams in, then its timing, tokens and cost."),
                       this));
    layout->addWidget(buildSettingsCard());

    m_transcript = new QTextBrowser(this);
    m_transcript->setObjectName(QStringLiteral("transcript"));
    m_transcript->setOpenLinks(false);
    m_transcript->setPlaceholderText(
        tr("No messages yet. Pick a model, write a message below and press Enter."));
    layout->addWidget(m_transcript, 1);

    m_stats = new QLabel(this);
    m_stats->setObjectName(QStringLiteral("statsLabel"));
    m_stats->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_stats);
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("problemLabel"));
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem->hide();
    layout->addWidget(m_problem);
    layout->addWidget(buildComposer());

    connect(m_key, &PlaygroundKey::ready, this, &PlaygroundPage::startStream);
    connect(m_key, &PlaygroundKey::failed, this, [this](const QString &message) {
        // A turn withdrawn with Stop while the key was pending has nothing left to fail.
        if (m_busy && !m_stream->isRunning())
            failTurn(message);
    });
    connect(m_stream, &ChatStream::textReceived, this, &PlaygroundPage::appendText);
    connect(m_stream, &ChatStream::finished, this, &PlaygroundPage::onStreamFinished);
    connect(gateway, &Gateway::stateChanged, this, [this] {
        refreshState();
        refreshModels();
    });
    connect(gateway, &Gateway::ready, this, [this] {
        refreshState();
        refreshModels();
    });
    connect(gateway, &Gateway::configReloaded, this, &PlaygroundPage::refreshModels);
    refreshModels();
    refreshState();
}

PlaygroundPage::~PlaygroundPage() = default;

QWidget *PlaygroundPage::buildSettingsCard()
{
    auto *card = new QFrame(this);
    card->setObjectName(QStringLiteral("statusCard"));
    auto *grid = new QGridLayout(card);
    grid->setContentsMargins(18, 14, 18, 14);
    grid->setHorizontalSpacing(12);
    grid->setVerticalSpacing(8);

    m_model = new ModelPicker(card);
    m_model->setEditable(true);
    m_model->setInsertPolicy(QComboBox::NoInsert);
    m_model->setMinimumContentsLength(22);
    m_model->lineEdit()->setPlaceholderText(tr("model or provider/model"));
    m_model->setToolTip(tr("A model or route the gateway serves, or “provider/model” to ask a "
                           "provider directly."));

    // The lowest value of each spin box means "not sent": the provider's default applies.
    m_temperature = new QDoubleSpinBox(card);
    m_temperature->setObjectName(QStringLiteral("temperatureSpin"));
    m_temperature->setRange(-0.1, 2.0);
    m_temperature->setSingleStep(0.1);
    m_temperature->setDecimals(1);
    m_temperature->setSpecialValueText(tr("default"));
    m_temperature->setValue(-0.1);
    m_topP = new QDoubleSpinBox(card);
    m_topP->setObjectName(QStringLiteral("topPSpin"));
    m_topP->setRange(-0.05, 1.0);
    m_topP->setSingleStep(0.05);
    m_topP->setDecimals(2);
    m_topP->setSpecialValueText(tr("default"));
    m_topP->setValue(-0.05);
    m_maxTokens = new QSpinBox(card);
    m_maxTokens->setObjectName(QStringLiteral("maxTokensSpin"));
    m_maxTokens->setRange(0, 1000000);
    m_maxTokens->setSingleStep(256);
    m_maxTokens->setSpecialValueText(tr("default"));
    m_maxTokens->setValue(0);
    // The style sheet's padding is not in a spin box's size hint: room for "default" (or its
    // translation) beside the arrows, so it is never clipped.
    const int specialWidth = fontMetrics().horizontalAdvance(tr("default")) + 44;
    for (QAbstractSpinBox *spin :
         {static_cast<QAbstractSpinBox *>(m_temperature), static_cast<QAbstractSpinBox *>(m_topP),
          static_cast<QAbstractSpinBox *>(m_maxTokens)})
        spin->setMinimumWidth(qMax(spin->minimumSizeHint().width(), specialWidth));

    // Model on a row of its own, the sampling settings under it: nothing is squeezed at the
    // window's smallest width.
    grid->addWidget(new QLabel(tr("Model"), card), 0, 0);
    grid->addWidget(m_model, 0, 1);
    auto *parameters = new QHBoxLayout();
    parameters->setSpacing(8);
    parameters->addWidget(new QLabel(tr("Temperature"), card));
    parameters->addWidget(m_temperature);
    parameters->addSpacing(12);
    parameters->addWidget(new QLabel(tr("Top p"), card));
    parameters->addWidget(m_topP);
    parameters->addSpacing(12);
    parameters->addWidget(new QLabel(tr("Max tokens"), card));
    parameters->addWidget(m_maxTokens);
    parameters->addStretch(1);
    grid->addLayout(parameters, 1, 1);

    m_systemPrompt = new QPlainTextEdit(card);
    m_systemPrompt->setObjectName(QStringLiteral("systemPromptEdit"));
    m_systemPrompt->setPlaceholderText(tr("Optional, e.g. “You are a concise assistant.”"));
    m_systemPrompt->setFixedHeight(m_systemPrompt->fontMetrics().lineSpacing() * 3 + 14);
    auto *systemLabel = new QLabel(tr("System prompt"), card);
    grid->addWidget(systemLabel, 2, 0, Qt::AlignTop);
    grid->addWidget(m_systemPrompt, 2, 1);
    grid->setColumnStretch(1, 1);
    return card;
}

QWidget *PlaygroundPage::buildComposer()
{
    auto *composer = new QWidget(this);
    auto *column = new QVBoxLayout(composer);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(8);

    auto *inputRow = new QHBoxLayout();
    m_message = new QPlainTextEdit(composer);
    m_message->setObjectName(QStringLiteral("messageEdit"));
    m_message->setPlaceholderText(tr("Message (Enter sends, Shift+Enter starts a new line)"));
    m_message->setFixedHeight(m_message->fontMetrics().lineSpacing() * 3 + 14);
    m_message->installEventFilter(this);
    inputRow->addWidget(m_message, 1);
    auto *buttons = new QVBoxLayout();
    m_send = new QPushButton(Icons::get(QStringLiteral("send")), tr("Send"), composer);
    m_send->setObjectName(QStringLiteral("accentButton"));
    m_stop = new QPushButton(Icons::get(QStringLiteral("stop")), tr("Stop"), composer);
    m_stop->setObjectName(QStringLiteral("stopButton"));
    m_stop->setEnabled(false);
    buttons->addWidget(m_send);
    buttons->addWidget(m_stop);
    buttons->addStretch(1);
    inputRow->addLayout(buttons);
    column->addLayout(inputRow);

    auto *actions = new QHBoxLayout();
    m_hint = new QLabel(composer);
    m_hint->setObjectName(QStringLiteral("hintLabel"));
    m_hint->setWordWrap(true);
    actions->addWidget(m_hint, 1);
    actions->addStretch(0); // keeps the buttons at their size while the hint is hidden
    m_newChat = new QPushButton(Icons::get(QStringLiteral("add")), tr("New chat"), composer);
    m_newChat->setObjectName(QStringLiteral("newChatButton"));
    m_copyCurl = new QPushButton(Icons::get(QStringLiteral("copy")), tr("Copy as curl"), composer);
    m_copyCurl->setObjectName(QStringLiteral("copyCurlButton"));
    m_copyCurl->setToolTip(tr("Copies this request as a curl command. The key is left as "
                              "$LLMUX_API_KEY: the Playground's own key is never copied."));
    actions->addWidget(m_newChat);
    actions->addWidget(m_copyCurl);
    column->addLayout(actions);

    m_curlNote = new QLabel(composer);
    m_curlNote->setObjectName(QStringLiteral("pageSummary"));
    m_curlNote->setWordWrap(true);
    m_curlNote->hide();
    column->addWidget(m_curlNote);

    connect(m_send, &QPushButton::clicked, this, &PlaygroundPage::send);
    connect(m_stop, &QPushButton::clicked, this, &PlaygroundPage::stop);
    connect(m_newChat, &QPushButton::clicked, this, &PlaygroundPage::newChat);
    connect(m_copyCurl, &QPushButton::clicked, this, &PlaygroundPage::copyCurl);
    return composer;
}

bool PlaygroundPage::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_message && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) &&
            !(key->modifiers() & Qt::ShiftModifier)) {
            if (m_send->isEnabled())
                send();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void PlaygroundPage::refreshModels()
{
    m_model->refresh(*m_gateway);
}

void PlaygroundPage::refreshState()
{
    const bool running = m_gateway->isRunning();
    m_send->setEnabled(running && !m_busy);
    m_send->setToolTip(running ? QString() : tr("Start the gateway to chat."));
    m_hint->setText(running ? QString()
                            : tr("The gateway is stopped. Start it to chat: the Playground talks "
                                 "to it like any other client."));
    m_hint->setVisible(!running);
}

void PlaygroundPage::setBusy(bool busy)
{
    m_busy = busy;
    m_stop->setEnabled(busy);
    refreshState();
}

ChatRequest PlaygroundPage::requestWith(const QList<ChatMessage> &messages) const
{
    ChatRequest request;
    request.model = m_model->currentText().trimmed();
    request.systemPrompt = m_systemPrompt->toPlainText();
    if (m_temperature->value() > m_temperature->minimum())
        request.temperature = m_temperature->value();
    if (m_topP->value() > m_topP->minimum())
        request.topP = m_topP->value();
    if (m_maxTokens->value() > m_maxTokens->minimum())
        request.maxTokens = m_maxTokens->value();
    request.messages = messages;
    return request;
}

ChatRequest PlaygroundPage::currentRequest() const
{
    const QString typed = m_message->toPlainText().trimmed();
    if (m_lastSent && typed.isEmpty())
        return *m_lastSent;
    QList<ChatMessage> messages = m_history;
    messages.append({QStringLiteral("user"), typed.isEmpty() ? tr("Hello!") : typed, {}});
    return requestWith(messages);
}

void PlaygroundPage::send()
{
    if (m_busy)
        return;
    const QString text = m_message->toPlainText().trimmed();
    if (text.isEmpty())
        return;
    if (!m_gateway->isRunning()) {
        refreshState();
        return;
    }
    const QString model = m_model->currentText().trimmed();
    if (model.isEmpty()) {
        m_problem->setText(tr("Pick a model first, or type one as provider/model."));
        m_problem->show();
        return;
    }
    m_problem->hide();
    m_curlNote->hide();
    m_history.append({QStringLiteral("user"), text, {}});
    m_message->clear();
    appendBlock(tr("You"), text, Speaker::User);
    m_reply.clear();
    m_replySpeaker = model;
    m_replyCursor = appendBlock(model, QString(), Speaker::Assistant);
    setBusy(true);
    m_stats->setText(tr("Waiting for the first token…"));
    m_key->request();
}

void PlaygroundPage::startStream(const QString &key)
{
    if (!m_busy || m_stream->isRunning())
        return;
    if (!m_gateway->isRunning()) {
        failTurn(tr("The gateway stopped before the message was sent. Start it, then send again."));
        return;
    }
    m_lastSent = requestWith(m_history);
    QUrl url(m_gateway->baseUrl() + QStringLiteral("/chat/completions"));
    // A gateway listening on every interface is reached over loopback.
    const QHostAddress address = m_gateway->address();
    if (address == QHostAddress::Any || address == QHostAddress::AnyIPv4)
        url.setHost(QStringLiteral("127.0.0.1"));
    else if (address == QHostAddress::AnyIPv6)
        url.setHost(QStringLiteral("::1"));
    m_stream->start(url, key, m_lastSent->body());
}

void PlaygroundPage::stop()
{
    if (!m_busy)
        return;
    if (m_stream->isRunning()) {
        m_stream->abort(); // onStreamFinished follows
        return;
    }
    // Still waiting for the key: nothing went out, so the turn is simply withdrawn.
    if (!m_history.isEmpty() && m_history.last().role == QLatin1String("user"))
        m_history.removeLast();
    m_replyCursor.insertText(tr("(stopped)"));
    m_stats->setText(tr("Stopped before sending."));
    setBusy(false);
}

void PlaygroundPage::appendText(const QString &text)
{
    QScrollBar *bar = m_transcript->verticalScrollBar();
    const bool atEnd = bar->value() >= bar->maximum() - 4;
    m_reply += text;
    m_replyCursor.insertText(text, QTextCharFormat());
    if (atEnd)
        bar->setValue(bar->maximum());
    if (m_stream->timeToFirstTokenMs())
        m_stats->setText(
            tr("First token after %1, receiving…").arg(duration(*m_stream->timeToFirstTokenMs())));
}

void PlaygroundPage::onStreamFinished(const QString &error, bool stopped)
{
    if (!error.isEmpty()) {
        failTurn(error);
        return;
    }
    if (stopped && m_reply.isEmpty()) {
        if (!m_history.isEmpty() && m_history.last().role == QLatin1String("user"))
            m_history.removeLast();
        m_replyCursor.insertText(tr("(stopped)"));
        m_stats->setText(tr("Stopped before the first token."));
        setBusy(false);
        return;
    }
    // A stopped reply stays in the conversation as far as it got, as in other chat clients.
    m_history.append({QStringLiteral("assistant"), m_reply, m_replySpeaker});
    showStats();
    if (stopped)
        m_stats->setText(tr("Stopped. %1").arg(m_stats->text()));
    setBusy(false);
}

void PlaygroundPage::failTurn(const QString &message)
{
    QTextCharFormat bad;
    bad.setForeground(toneBrush(StatusTone::Bad));
    if (!m_reply.isEmpty()) {
        // Part of the reply came before the failure: it stays in the conversation as far as it
        // got, like a stopped one, and the failure is said under it.
        m_history.append({QStringLiteral("assistant"), m_reply, m_replySpeaker});
        m_replyCursor.insertBlock();
        m_replyCursor.insertText(message, bad);
        m_problem->setText(message);
        m_problem->show();
        m_stats->setText(
            tr("The reply was cut off after %n character(s).", nullptr, int(m_reply.size())));
        setBusy(false);
        return;
    }
    // The failed message leaves the conversation, back into the box for another try.
    if (!m_history.isEmpty() && m_history.last().role == QLatin1String("user")) {
        const QString text = m_history.takeLast().content;
        if (m_message->toPlainText().trimmed().isEmpty())
            m_message->setPlainText(text);
    }
    m_replyCursor.insertText(message, bad);
    m_problem->setText(message);
    m_problem->show();
    m_stats->setText(tr("No reply."));
    setBusy(false);
}

void PlaygroundPage::showStats()
{
    QStringList parts;
    if (const auto ttft = m_stream->timeToFirstTokenMs())
        parts << tr("First token after %1").arg(duration(*ttft));
    parts << tr("total %1").arg(duration(m_stream->totalMs()));
    const std::optional<TokenUsage> usage = m_stream->usage();
    if (usage) {
        parts << tr("%1 prompt + %2 completion tokens")
                     .arg(usage->promptTokens.value_or(0))
                     .arg(usage->completionTokens.value_or(0));
        const std::optional<double> cost = usage->cost(
            priceOf(m_gateway->currentConfig(), m_lastSent ? m_lastSent->model : QString(),
                    m_stream->servedModel()));
        parts << (cost ? tr("cost $%1").arg(*cost, 0, 'f', 6) : tr("no price set for this model"));
    } else {
        parts << tr("the provider reported no token counts");
    }
    m_stats->setText(parts.join(QStringLiteral(" · ")));
}

namespace {
// Marks a transcript frame with who spoke, so a theme change can repaint it.
constexpr int kSpeakerProperty = QTextFormat::UserProperty + 1;
} // namespace

QColor PlaygroundPage::backgroundOf(Speaker speaker) const
{
    if (speaker == Speaker::User)
        return palette().color(QPalette::AlternateBase);
    QColor assistant = palette().color(QPalette::Highlight);
    assistant.setAlpha(28);
    return assistant;
}

QTextCursor PlaygroundPage::appendBlock(const QString &who, const QString &text, Speaker speaker)
{
    QTextCursor cursor(m_transcript->document());
    cursor.movePosition(QTextCursor::End);
    QTextFrameFormat frame;
    frame.setBackground(backgroundOf(speaker));
    frame.setProperty(kSpeakerProperty, int(speaker));
    frame.setPadding(10);
    frame.setTopMargin(6);
    frame.setBorder(0);
    cursor.insertFrame(frame);
    QTextCharFormat label;
    label.setFontWeight(QFont::DemiBold);
    cursor.insertText(who, label);
    cursor.insertBlock();
    cursor.insertText(text, QTextCharFormat());
    QScrollBar *bar = m_transcript->verticalScrollBar();
    bar->setValue(bar->maximum());
    return cursor;
}

void PlaygroundPage::recolorTranscript()
{
    if (!m_transcript)
        return;
    for (QTextFrame *frame : m_transcript->document()->rootFrame()->childFrames()) {
        QTextFrameFormat format = frame->frameFormat();
        if (!format.hasProperty(kSpeakerProperty))
            continue;
        format.setBackground(backgroundOf(Speaker(format.intProperty(kSpeakerProperty))));
        frame->setFrameFormat(format);
    }
}

void PlaygroundPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        recolorTranscript();
    QWidget::changeEvent(event);
}

QVariantMap PlaygroundPage::saveSession() const
{
    QList<ChatMessage> turns = m_history;
    QString unsent = m_message->toPlainText();
    if (m_busy) {
        if (!m_reply.isEmpty()) {
            turns.append({QStringLiteral("assistant"), m_reply, m_replySpeaker});
        } else if (!turns.isEmpty() && turns.last().role == QLatin1String("user")) {
            // Not answered yet: the message goes back into the box, as after a failure.
            if (unsent.trimmed().isEmpty())
                unsent = turns.last().content;
            turns.removeLast();
        }
    }
    QVariantList messages;
    for (const ChatMessage &m : turns)
        messages.append(QVariantMap{{QStringLiteral("role"), m.role},
                                    {QStringLiteral("content"), m.content},
                                    {QStringLiteral("speaker"), m.speaker}});
    return {{QStringLiteral("messages"), messages},
            {QStringLiteral("message"), unsent},
            {QStringLiteral("model"), m_model->currentText()},
            {QStringLiteral("system"), m_systemPrompt->toPlainText()},
            {QStringLiteral("temperature"), m_temperature->value()},
            {QStringLiteral("topP"), m_topP->value()},
            {QStringLiteral("maxTokens"), m_maxTokens->value()}};
}

void PlaygroundPage::restoreSession(const QVariantMap &state)
{
    newChat();
    m_model->setCurrentText(state.value(QStringLiteral("model")).toString());
    m_systemPrompt->setPlainText(state.value(QStringLiteral("system")).toString());
    m_temperature->setValue(
        state.value(QStringLiteral("temperature"), m_temperature->minimum()).toDouble());
    m_topP->setValue(state.value(QStringLiteral("topP"), m_topP->minimum()).toDouble());
    m_maxTokens->setValue(state.value(QStringLiteral("maxTokens"), 0).toInt());
    m_message->setPlainText(state.value(QStringLiteral("message")).toString());
    for (const QVariant &item : state.value(QStringLiteral("messages")).toList()) {
        const QVariantMap m = item.toMap();
        const ChatMessage message{m.value(QStringLiteral("role")).toString(),
                                  m.value(QStringLiteral("content")).toString(),
                                  m.value(QStringLiteral("speaker")).toString()};
        const bool user = message.role == QLatin1String("user");
        appendBlock(user ? tr("You") : message.speaker, message.content,
                    user ? Speaker::User : Speaker::Assistant);
        m_history.append(message);
    }
}

void PlaygroundPage::newChat()
{
    stop();
    m_history.clear();
    m_lastSent.reset();
    m_reply.clear();
    m_transcript->clear();
    m_replyCursor = QTextCursor();
    m_stats->clear();
    m_problem->hide();
    m_curlNote->hide();
}

void PlaygroundPage::copyCurl()
{
    QString base = m_gateway->isRunning()
                       ? m_gateway->baseUrl()
                       : QStringLiteral("http://127.0.0.1:%1/v1").arg(ListenSettings::kDefaultPort);
    copyWithFeedback(m_copyCurl, currentRequest().curlCommand(base));
    m_curlNote->setText(tr("Copied. The command reads the key from $LLMUX_API_KEY: set it to a "
                           "gateway key (create one on the Keys page) before you run it."));
    m_curlNote->show();
}

} // namespace llmux
