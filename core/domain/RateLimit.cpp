#include "core/domain/RateLimit.h"

namespace llmux {
namespace {

const QStringList &scopeNames()
{
    static const QStringList names = {QStringLiteral("global"), QStringLiteral("endpoint"),
                                      QStringLiteral("project"), QStringLiteral("key"),
                                      QStringLiteral("model")};
    return names;
}

const QStringList &kindNames()
{
    static const QStringList names = {QStringLiteral("requests"), QStringLiteral("tokens"),
                                      QStringLiteral("concurrent")};
    return names;
}

constexpr qint64 kSecond = 1000;
constexpr qint64 kDay = 86400 * kSecond;

} // namespace

QString RateLimit::scopeName(Scope scope)
{
    return scopeNames().at(int(scope));
}

std::optional<RateLimit::Scope> RateLimit::scopeFromName(const QString &name)
{
    const qsizetype i = scopeNames().indexOf(name);
    return i < 0 ? std::nullopt : std::optional(Scope(i));
}

QString RateLimit::kindName(Kind kind)
{
    return kindNames().at(int(kind));
}

std::optional<RateLimit::Kind> RateLimit::kindFromName(const QString &name)
{
    const qsizetype i = kindNames().indexOf(name);
    return i < 0 ? std::nullopt : std::optional(Kind(i));
}

std::optional<qint64> RateLimit::windowFromText(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t.size() < 2)
        return std::nullopt;
    bool ok = false;
    const qint64 n = t.chopped(1).toLongLong(&ok);
    if (!ok || n <= 0)
        return std::nullopt;
    qint64 unit = 0;
    switch (t.back().toLatin1()) {
    case 's':
        unit = kSecond;
        break;
    case 'm':
        unit = 60 * kSecond;
        break;
    case 'h':
        unit = 3600 * kSecond;
        break;
    case 'd':
        unit = kDay;
        break;
    default:
        return std::nullopt;
    }
    if (n > kDay / unit)
        return std::nullopt;
    return n * unit;
}

QString RateLimit::windowText(qint64 ms)
{
    for (const auto &[unit, suffix] : {std::pair{kDay, 'd'}, {3600 * kSecond, 'h'},
                                       {60 * kSecond, 'm'}})
        if (ms % unit == 0)
            return QString::number(ms / unit) + QLatin1Char(suffix);
    return QString::number(ms / kSecond) + QLatin1Char('s');
}

std::optional<std::pair<qint64, qint64>> RateLimit::rateFromText(const QString &text)
{
    const qsizetype slash = text.indexOf(QLatin1Char('/'));
    if (slash <= 0)
        return std::nullopt;
    bool ok = false;
    const qint64 amount = text.left(slash).trimmed().toLongLong(&ok);
    const std::optional<qint64> window = windowFromText(text.mid(slash + 1));
    if (!ok || amount <= 0 || !window)
        return std::nullopt;
    return std::pair{amount, *window};
}

QString RateLimit::subjectText() const
{
    return scope == Scope::Global ? QStringLiteral("everything")
                                  : scopeName(scope) + QLatin1Char(' ') + subject;
}

QString RateLimit::rateText() const
{
    if (kind == Kind::Concurrent)
        return QStringLiteral("%1 requests at once").arg(amount);
    return QStringLiteral("%1 %2 per %3").arg(amount).arg(kindName(kind), windowText(windowMs));
}

} // namespace llmux
