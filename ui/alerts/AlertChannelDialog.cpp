#include "ui/alerts/AlertChannelDialog.h"

#include "core/services/AlertChannelStore.h"
#include "core/store/AlertRepository.h"
#include "ui/alerts/AlertText.h"
#include "ui/theme/CoreMessages.h"
#include "ui/theme/ProblemLabel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QLineEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace llmux {

AlertChannelDialog::AlertChannelDialog(const Database &db, const SecretStore &secrets,
                                       QWidget *parent)
    : QDialog(parent)
    , m_db(db)
    , m_secrets(secrets)
{
    build();
}

AlertChannelDialog::AlertChannelDialog(const Database &db, const SecretStore &secrets,
                                       const AlertChannel &channel, QWidget *parent)
    : QDialog(parent)
    , m_db(db)
    , m_secrets(secrets)
    , m_channel(channel)
    , m_editing(true)
{
    build();
}

void AlertChannelDialog::build()
{
    setObjectName(QStringLiteral("alertChannelDialog"));
    setWindowTitle(m_editing ? tr("Alert channel %1").arg(m_channel.name)
                             : tr("Add an alert channel"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 20);
    auto *form = new QFormLayout();
    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("alertKindCombo"));
    for (AlertChannel::Kind k :
         {AlertChannel::Kind::Slack, AlertChannel::Kind::DingTalk, AlertChannel::Kind::Feishu,
          AlertChannel::Kind::Email, AlertChannel::Kind::Webhook})
        m_kind->addItem(AlertText::kind(k), int(k));
    form->addRow(tr("Kind"), m_kind);
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("alertNameEdit"));
    m_name->setPlaceholderText(tr("e.g. team chat, on-call mail"));
    form->addRow(tr("Name"), m_name);
    layout->addLayout(form);

    // Where it sends: a webhook address (and its signing secret), or a mail server.
    m_address = new QStackedWidget(this);
    auto *hook = new QWidget(m_address);
    auto *hookForm = new QFormLayout(hook);
    hookForm->setContentsMargins(0, 0, 0, 0);
    m_url = new QLineEdit(hook);
    m_url->setObjectName(QStringLiteral("alertUrlEdit"));
    m_url->setPlaceholderText(QStringLiteral("https://"));
    m_url->setToolTip(tr("The webhook address the service gave you. It holds a token, so it is "
                         "kept in the OS keychain."));
    hookForm->addRow(tr("Webhook address"), m_url);
    m_signingKey = new QLineEdit(hook);
    m_signingKey->setObjectName(QStringLiteral("alertSigningKeyEdit"));
    m_signingKey->setEchoMode(QLineEdit::Password);
    m_signingKey->setToolTip(tr("DingTalk's and Feishu's signing secret (\"sign\" security "
                                "setting), or a key LLMux signs a generic webhook's body with "
                                "(X-LLMux-Signature). Kept in the OS keychain."));
    hookForm->addRow(tr("Signing secret"), m_signingKey);
    auto *mail = new QWidget(m_address);
    auto *mailForm = new QFormLayout(mail);
    mailForm->setContentsMargins(0, 0, 0, 0);
    m_server = new QLineEdit(mail);
    m_server->setObjectName(QStringLiteral("alertServerEdit"));
    m_server->setPlaceholderText(QStringLiteral("smtp://mail.example.com:587"));
    mailForm->addRow(tr("Mail server"), m_server);
    m_tls = new QComboBox(mail);
    m_tls->setObjectName(QStringLiteral("alertTlsCombo"));
    m_tls->addItem(tr("STARTTLS (required)"), int(AlertChannel::Tls::StartTls));
    m_tls->addItem(tr("TLS from the start (port 465)"), int(AlertChannel::Tls::Implicit));
    m_tls->addItem(tr("None (no login)"), int(AlertChannel::Tls::None));
    mailForm->addRow(tr("Encryption"), m_tls);
    m_from = new QLineEdit(mail);
    m_from->setObjectName(QStringLiteral("alertFromEdit"));
    m_from->setPlaceholderText(QStringLiteral("llmux@example.com"));
    mailForm->addRow(tr("From"), m_from);
    m_to = new QLineEdit(mail);
    m_to->setObjectName(QStringLiteral("alertToEdit"));
    m_to->setPlaceholderText(tr("you@example.com, team@example.com"));
    mailForm->addRow(tr("To"), m_to);
    m_user = new QLineEdit(mail);
    m_user->setObjectName(QStringLiteral("alertUserEdit"));
    m_user->setPlaceholderText(tr("none"));
    mailForm->addRow(tr("Login"), m_user);
    m_password = new QLineEdit(mail);
    m_password->setObjectName(QStringLiteral("alertPasswordEdit"));
    m_password->setEchoMode(QLineEdit::Password);
    mailForm->addRow(tr("Password"), m_password);
    m_caFile = new QLineEdit(mail);
    m_caFile->setObjectName(QStringLiteral("alertCaFileEdit"));
    m_caFile->setPlaceholderText(tr("the system's certificates"));
    m_caFile->setToolTip(tr("A PEM file of certificates to trust for a server whose certificate "
                            "is not signed by a public authority"));
    mailForm->addRow(tr("Trusted certificates"), m_caFile);
    m_address->addWidget(hook);
    m_address->addWidget(mail);
    layout->addWidget(m_address);

    auto *events = new QGroupBox(tr("Send these events"), this);
    auto *grid = new QGridLayout(events);
    int i = 0;
    for (Alert::Event e : Alert::allEvents()) {
        auto *check = new QCheckBox(AlertText::event(e), events);
        check->setObjectName(QStringLiteral("event-") + Alert::eventName(e));
        check->setChecked(!m_editing || m_channel.events.isEmpty() || m_channel.events.contains(e));
        grid->addWidget(check, i / 2, i % 2);
        m_events.insert(int(e), check);
        ++i;
    }
    layout->addWidget(events);
    m_enabled = new QCheckBox(tr("Send to this channel"), this);
    m_enabled->setObjectName(QStringLiteral("alertEnabledCheck"));
    m_enabled->setChecked(!m_editing || m_channel.enabled);
    layout->addWidget(m_enabled);

    m_problem = new ProblemLabel(this);
    layout->addWidget(m_problem);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_save = buttons->addButton(m_editing ? tr("Save") : tr("Add"), QDialogButtonBox::AcceptRole);
    m_save->setObjectName(QStringLiteral("alertSaveButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &AlertChannelDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    auto followKind = [this] {
        const auto kind = AlertChannel::Kind(m_kind->currentData().toInt());
        m_address->setCurrentIndex(kind == AlertChannel::Kind::Email ? 1 : 0);
        m_signingKey->setEnabled(kind != AlertChannel::Kind::Slack);
    };
    connect(m_kind, &QComboBox::currentIndexChanged, this, followKind);
    if (m_editing) {
        m_kind->setCurrentIndex(m_kind->findData(int(m_channel.kind)));
        m_name->setText(m_channel.name);
        m_server->setText(m_channel.where);
        m_url->setText(m_channel.where);
        m_from->setText(m_channel.from);
        m_to->setText(m_channel.to.join(QStringLiteral(", ")));
        m_user->setText(m_channel.user);
        m_caFile->setText(m_channel.caFile);
        m_tls->setCurrentIndex(m_tls->findData(int(m_channel.tls)));
        // What it sends to stays as it was: a new address is a new channel.
        for (QWidget *w : std::initializer_list<QWidget *>{m_kind, m_name, m_address})
            w->setEnabled(false);
    }
    followKind();
}

AlertChannel AlertChannelDialog::channelFromInput() const
{
    AlertChannel c = m_channel;
    c.kind = AlertChannel::Kind(m_kind->currentData().toInt());
    c.name = m_name->text().trimmed();
    if (c.kind == AlertChannel::Kind::Email) {
        c.where = m_server->text().trimmed();
        c.tls = AlertChannel::Tls(m_tls->currentData().toInt());
        if (c.where.startsWith(QLatin1String("smtps:")))
            c.tls = AlertChannel::Tls::Implicit;
        c.from = m_from->text().trimmed();
        c.to.clear();
        for (const QString &to : m_to->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
            c.to << to.trimmed();
        c.user = m_user->text().trimmed();
        c.caFile = m_caFile->text().trimmed();
    }
    c.events.clear();
    bool all = true;
    for (Alert::Event e : Alert::allEvents()) {
        if (m_events.value(int(e))->isChecked())
            c.events << e;
        else
            all = false;
    }
    if (all)
        c.events.clear(); // every event, including those a later LLMux adds
    c.enabled = m_enabled->isChecked();
    return c;
}

void AlertChannelDialog::accept()
{
    const AlertChannel c = channelFromInput();
    if (std::none_of(m_events.cbegin(), m_events.cend(),
                     [](const QCheckBox *check) { return check->isChecked(); })) {
        m_problem->showProblem(tr("Choose at least one event."));
        return;
    }
    if (m_editing) {
        finish(AlertRepository(m_db).updateChannel(c));
        return;
    }
    AlertChannelSecrets secrets;
    secrets.url = m_url->text().trimmed();
    secrets.signingKey = m_signingKey->text().toUtf8();
    secrets.password = m_password->text().toUtf8();
    // Until the keychain has answered, the dialog stays: closing it would leave the channel
    // half saved.
    m_saving = true;
    m_save->setEnabled(false);
    AlertChannelStore(m_db, m_secrets).addAsync(c, secrets, this, [this](const Result<qint64> &id) {
        m_saving = false;
        m_save->setEnabled(true);
        finish(id.status());
    });
}

void AlertChannelDialog::reject()
{
    if (!m_saving)
        QDialog::reject();
}

void AlertChannelDialog::finish(const Status &saved)
{
    if (!saved) {
        m_problem->showProblem(CoreMessages::translate(saved.error()));
        return;
    }
    QDialog::accept();
}

} // namespace llmux
