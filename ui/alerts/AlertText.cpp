#include "ui/alerts/AlertText.h"

#include <QStringList>

namespace llmux {

QString AlertText::event(Alert::Event event)
{
    switch (event) {
    case Alert::Event::BudgetThreshold:
        return tr("Budget threshold reached");
    case Alert::Event::BudgetExhausted:
        return tr("Budget exhausted");
    case Alert::Event::LimitHit:
        return tr("Rate limit hit repeatedly");
    case Alert::Event::KeyRejected:
        return tr("Provider key rejected or out of credit");
    case Alert::Event::ProviderDown:
        return tr("Provider down");
    case Alert::Event::ProviderRecovered:
        return tr("Provider recovered");
    case Alert::Event::RouteFailing:
        return tr("Every target of a route failing");
    case Alert::Event::KeyExpiring:
        return tr("Gateway key about to expire");
    case Alert::Event::Test:
        return tr("Test message");
    }
    return {};
}

QString AlertText::kind(AlertChannel::Kind kind)
{
    switch (kind) {
    case AlertChannel::Kind::Webhook:
        return tr("Webhook");
    case AlertChannel::Kind::Slack:
        return tr("Slack");
    case AlertChannel::Kind::DingTalk:
        return tr("DingTalk");
    case AlertChannel::Kind::Feishu:
        return tr("Feishu / Lark");
    case AlertChannel::Kind::Email:
        return tr("E-mail");
    }
    return {};
}

QString AlertText::events(const AlertChannel &channel)
{
    if (channel.events.isEmpty())
        return tr("Every event");
    // Most of them: say which are left out.
    QStringList names;
    const bool most = channel.events.size() * 2 > Alert::allEvents().size();
    for (Alert::Event e : Alert::allEvents())
        if (channel.events.contains(e) != most)
            names << event(e);
    return most ? tr("Every event but %1").arg(names.join(QStringLiteral(", ")))
                : names.join(QStringLiteral(", "));
}

} // namespace llmux
