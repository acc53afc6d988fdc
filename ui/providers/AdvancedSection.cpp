#include "ui/providers/AdvancedSection.h"

#include "ui/providers/ExtraKeysSection.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QToolButton>
#include <QVBoxLayout>

namespace llmux {
namespace {

// The four timeouts in the order they are shown.
int *timeoutField(ProviderTimeouts &timeouts, int index)
{
    int *const fields[4] = {&timeouts.connectMs, &timeouts.firstByteMs, &timeouts.idleMs,
                            &timeouts.totalMs};
    return fields[index];
}

} // namespace

AdvancedSection::AdvancedSection(ProviderDraft &draft, QWidget *parent)
    : QWidget(parent)
    , m_draft(draft)
    , m_toggle(new QToolButton(this))
    , m_body(new QWidget(this))
    , m_proxy(new QLineEdit(m_body))
    , m_noProxy(new QLineEdit(m_body))
    , m_responsesApi(new QComboBox(m_body))
    , m_extraKeys(new ExtraKeysSection(draft, m_body))
{
    setObjectName(QStringLiteral("advancedSection"));
    m_toggle->setObjectName(QStringLiteral("advancedButton"));
    m_toggle->setText(tr("Advanced: timeouts, proxy, extra keys"));
    m_toggle->setCheckable(true);
    m_toggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toggle->setArrowType(Qt::RightArrow);

    auto *form = new QFormLayout(m_body);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    const QString labels[4] = {tr("Connect timeout"), tr("First byte timeout"), tr("Idle timeout"),
                               tr("Total timeout")};
    const QString tips[4] = {
        tr("How long connecting to the provider may take."),
        tr("How long the provider may think before the first byte of its answer."),
        tr("How long a stream may stay silent between chunks."),
        tr("How long the whole exchange may take, streams included.")};
    const char *const names[4] = {"connectTimeout", "firstByteTimeout", "idleTimeout",
                                  "totalTimeout"};
    for (int i = 0; i < 4; ++i) {
        auto *spin = new QDoubleSpinBox(m_body);
        spin->setObjectName(QLatin1String(names[i]));
        spin->setRange(0.1, 86400);
        spin->setDecimals(1);
        spin->setSuffix(tr(" s"));
        spin->setToolTip(tips[i]);
        form->addRow(labels[i], spin);
        connect(spin, &QDoubleSpinBox::valueChanged, this, [this, i](double seconds) {
            *timeoutField(m_draft.record.timeouts, i) = qRound(seconds * 1000);
        });
        m_timeouts[i] = spin;
    }
    m_proxy->setObjectName(QStringLiteral("proxyEdit"));
    m_proxy->setPlaceholderText(
        tr("none, system, or http://host:port / socks5://user:pass@host:port"));
    m_proxy->setToolTip(tr("Proxies tried in order, separated by spaces. A password in a URL is "
                           "stored in the OS keychain, never in the configuration."));
    m_noProxy->setObjectName(QStringLiteral("noProxyEdit"));
    m_noProxy->setPlaceholderText(tr("localhost,.internal,10.0.0.0/8"));
    form->addRow(tr("Proxy"), m_proxy);
    form->addRow(tr("No proxy for"), m_noProxy);
    m_responsesApi->setObjectName(QStringLiteral("responsesApiCombo"));
    m_responsesApi->addItem(tr("Automatic (use the provider's own if it has one)"),
                            QStringLiteral("auto"));
    m_responsesApi->addItem(tr("The provider's own /responses"), QStringLiteral("native"));
    m_responsesApi->addItem(tr("Translate to Chat Completions"), QStringLiteral("translate"));
    m_responsesApi->setToolTip(
        tr("How Codex and other Responses API clients reach this provider. Automatic tries the "
           "provider's own Responses API once and remembers whether it has one. Applies to "
           "OpenAI-compatible and Azure providers; the others are always translated."));
    form->addRow(tr("Responses API"), m_responsesApi);
    form->addRow(tr("Extra keys"), m_extraKeys);
    m_body->setVisible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_toggle);
    layout->addWidget(m_body);

    connect(m_toggle, &QToolButton::toggled, this, [this](bool open) {
        m_body->setVisible(open);
        m_toggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
    });
    connect(m_proxy, &QLineEdit::textChanged, this,
            [this](const QString &text) { m_draft.proxyText = text; });
    connect(m_noProxy, &QLineEdit::textChanged, this,
            [this](const QString &text) { m_draft.record.noProxy = text; });
    connect(m_responsesApi, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_draft.record.responsesApi = m_responsesApi->itemData(index).toString();
    });
    refresh();
}

void AdvancedSection::refresh()
{
    for (int i = 0; i < 4; ++i) {
        const QSignalBlocker block(m_timeouts[i]);
        m_timeouts[i]->setValue(*timeoutField(m_draft.record.timeouts, i) / 1000.0);
    }
    const QSignalBlocker blockProxy(m_proxy);
    m_proxy->setText(m_draft.proxyText);
    const QSignalBlocker blockNoProxy(m_noProxy);
    m_noProxy->setText(m_draft.record.noProxy);
    const QSignalBlocker blockResponses(m_responsesApi);
    m_responsesApi->setCurrentIndex(
        std::max(0, m_responsesApi->findData(m_draft.record.responsesApi)));
}

void AdvancedSection::showStoredKeys(const QList<ProviderKeyRecord> &keys)
{
    m_extraKeys->showStored(keys);
}

} // namespace llmux
