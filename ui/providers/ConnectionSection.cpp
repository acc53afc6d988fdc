#include "ui/providers/ConnectionSection.h"

#include "core/providers/ProviderAdapter.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QToolButton>

namespace llmux {

ConnectionSection::ConnectionSection(ProviderDraft &draft, bool editing, QWidget *parent)
    : QWidget(parent)
    , m_draft(draft)
    , m_kind(new QComboBox(this))
    , m_name(new QLineEdit(this))
    , m_baseUrl(new QLineEdit(this))
    , m_apiKey(new QLineEdit(this))
    , m_showKey(new QToolButton(this))
    , m_hint(new QLabel(this))
    , m_enabled(new QCheckBox(tr("Use this provider"), this))
{
    setObjectName(QStringLiteral("connectionSection"));
    m_kind->setObjectName(QStringLiteral("kindCombo"));
    for (const QString &kind : ProviderAdapter::kinds())
        m_kind->addItem(kind, kind);
    m_kind->setToolTip(tr("openai covers every OpenAI-compatible API (DeepSeek, Qwen, Moonshot, "
                          "OpenRouter, Ollama, LM Studio…)."));
    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_name->setPlaceholderText(tr("e.g. deepseek"));
    m_baseUrl->setObjectName(QStringLiteral("baseUrlEdit"));
    m_apiKey->setObjectName(QStringLiteral("apiKeyEdit"));
    m_apiKey->setEchoMode(QLineEdit::Password);
    m_apiKey->setPlaceholderText(editing ? tr("Leave empty to keep the stored key")
                                         : tr("Paste the API key"));
    m_showKey->setObjectName(QStringLiteral("showKeyButton"));
    m_showKey->setText(tr("Show"));
    m_showKey->setCheckable(true);
    m_showKey->setToolTip(tr("Show or hide the key"));
    m_hint->setObjectName(QStringLiteral("presetHint"));
    m_hint->setWordWrap(true);
    m_hint->setOpenExternalLinks(true);
    m_hint->setTextFormat(Qt::RichText);
    m_hint->setMinimumWidth(320);
    m_enabled->setObjectName(QStringLiteral("enabledCheck"));

    auto *keyRow = new QHBoxLayout();
    keyRow->addWidget(m_apiKey, 1);
    keyRow->addWidget(m_showKey);
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("Kind"), m_kind);
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("Base URL"), m_baseUrl);
    form->addRow(tr("API key"), keyRow);
    form->addRow(QString(), m_hint);
    form->addRow(QString(), m_enabled);

    connect(m_showKey, &QToolButton::toggled, this, [this](bool shown) {
        m_apiKey->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
        m_showKey->setText(shown ? tr("Hide") : tr("Show"));
    });
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        m_draft.record.kind = m_kind->currentData().toString();
        refresh();
        Q_EMIT kindChanged();
    });
    connect(m_name, &QLineEdit::textChanged, this,
            [this](const QString &text) { m_draft.record.name = text; });
    connect(m_baseUrl, &QLineEdit::textChanged, this,
            [this](const QString &text) { m_draft.record.baseUrl = text; });
    connect(m_apiKey, &QLineEdit::textChanged, this,
            [this](const QString &text) { m_draft.apiKey = text.toUtf8(); });
    connect(m_enabled, &QCheckBox::toggled, this, [this](bool on) { m_draft.record.enabled = on; });
    refresh();
}

void ConnectionSection::refresh()
{
    // Showing the draft is not an edit: no signal may write back while the fields change.
    const QSignalBlocker blockKind(m_kind);
    m_kind->setCurrentIndex(qMax(0, m_kind->findData(m_draft.record.kind)));
    if (m_draft.record.kind.isEmpty())
        m_draft.record.kind = m_kind->currentData().toString();
    if (m_name->text() != m_draft.record.name)
        m_name->setText(m_draft.record.name);
    if (m_baseUrl->text() != m_draft.record.baseUrl)
        m_baseUrl->setText(m_draft.record.baseUrl);
    m_baseUrl->setPlaceholderText(m_draft.record.kind == QLatin1String("azure")
                                      ? tr("https://YOUR-RESOURCE.openai.azure.com")
                                      : tr("https://api.example.com/v1"));
    const QSignalBlocker blockEnabled(m_enabled);
    m_enabled->setChecked(m_draft.record.enabled);
}

void ConnectionSection::showKeyNeed(bool needsKey, const QString &keysUrl)
{
    const QString link = keysUrl.isEmpty()
                             ? QString()
                             : QStringLiteral("<a href=\"%1\">%1</a>").arg(keysUrl.toHtmlEscaped());
    if (!needsKey)
        m_hint->setText(keysUrl.isEmpty()
                            ? tr("No API key needed: this runs on your machine.")
                            : tr("No API key needed: this runs on your machine (%1).").arg(link));
    else
        m_hint->setText(keysUrl.isEmpty() ? tr("Needs an API key from the provider.")
                                          : tr("Needs an API key; get one at %1").arg(link));
}

void ConnectionSection::showStoredKey(const ProviderRecord &provider)
{
    if (!provider.apiKeyEnv.isEmpty())
        m_hint->setText(tr("The key is read from the environment variable %1. A key typed here "
                           "is stored in the OS keychain instead.")
                            .arg(provider.apiKeyEnv.toHtmlEscaped()));
    else if (provider.secretInKeychain)
        m_hint->setText(tr("The key is stored in the OS keychain."));
    else
        m_hint->setText(tr("No key is stored for this provider."));
}

void ConnectionSection::showCustomHint()
{
    m_hint->setText(tr("Any OpenAI-compatible API uses the kind openai; give its base URL, "
                       "usually ending in /v1."));
}

} // namespace llmux
