#include "ui/common/RequestLogFormat.h"

namespace llmux {

QString RequestLogFormat::status(const RequestLogEntry &e)
{
    return e.clientDisconnected ? tr("%1 (client left)").arg(e.status) : QString::number(e.status);
}

StatusTone RequestLogFormat::statusTone(const RequestLogEntry &e)
{
    if (e.status >= 400 || e.status == 0)
        return StatusTone::Bad;
    return e.clientDisconnected ? StatusTone::Warning : StatusTone::Good;
}

QString RequestLogFormat::modelRoute(const RequestLogEntry &e)
{
    return e.upstreamModel.isEmpty() || e.upstreamModel == e.modelRequested
               ? e.modelRequested
               : QStringLiteral("%1 → %2").arg(e.modelRequested, e.upstreamModel);
}

QString RequestLogFormat::latency(const RequestLogEntry &e)
{
    return tr("%1 ms").arg(qRound(e.latencyMs));
}

QString RequestLogFormat::firstByte(const RequestLogEntry &e)
{
    return e.ttfbMs ? tr("%1 ms").arg(qRound(*e.ttfbMs)) : QString();
}

QString RequestLogFormat::tokens(const RequestLogEntry &e)
{
    if (!e.promptTokens && !e.completionTokens)
        return QString();
    return QStringLiteral("%1 / %2")
        .arg(e.promptTokens.value_or(0))
        .arg(e.completionTokens.value_or(0));
}

QString RequestLogFormat::cost(const RequestLogEntry &e)
{
    return e.cost ? QStringLiteral("$%1").arg(*e.cost, 0, 'f', 6) : QString();
}

} // namespace llmux
