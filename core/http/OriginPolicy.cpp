#include "core/http/OriginPolicy.h"

#include <QUrl>

namespace llmux {
namespace {

// A header value as far as an error message repeats it: bounded, whatever the client sent.
QString echoable(const QByteArray &value)
{
    constexpr qsizetype kMaxEcho = 200;
    return value.size() <= kMaxEcho
               ? QString::fromLatin1(value)
               : QString::fromLatin1(value.left(kMaxEcho)) + QStringLiteral("…");
}

} // namespace

OriginPolicy::OriginPolicy(const QHostAddress &bindAddress)
    : m_bind(bindAddress)
    , m_loopbackOnly(m_bind.isLoopback())
{}

bool OriginPolicy::isLoopbackHost(QStringView host)
{
    if (host.compare(u"localhost", Qt::CaseInsensitive) == 0 ||
        host.endsWith(u".localhost", Qt::CaseInsensitive))
        return true;
    QString bare = host.toString();
    if (bare.startsWith(QLatin1Char('[')) && bare.endsWith(QLatin1Char(']')))
        bare = bare.mid(1, bare.size() - 2);
    const QHostAddress address(bare);
    return !address.isNull() && address.isLoopback();
}

OriginPolicy::Decision OriginPolicy::check(const InboundRequest &request) const
{
    Decision d;
    if (m_loopbackOnly) {
        const QByteArray hostHeader = request.header("host");
        // Every HTTP/1.1 client names the host; a request without one cannot be checked.
        if (hostHeader.isEmpty()) {
            d.allowed = false;
            d.reason = QStringLiteral("The request has no Host header; LLMux only answers "
                                      "requests addressed to localhost.");
            return d;
        }
        {
            const QUrl asUrl(QStringLiteral("http://") + QString::fromLatin1(hostHeader));
            if (!asUrl.isValid() || !isLoopbackHost(asUrl.host())) {
                d.allowed = false;
                d.reason = QStringLiteral("The Host header '%1' does not name this machine; "
                                          "LLMux only answers requests addressed to localhost.")
                               .arg(echoable(hostHeader));
                return d;
            }
        }
    }
    const QByteArray origin = request.header("origin");
    if (origin.isEmpty())
        return d;
    const QUrl originUrl(QString::fromLatin1(origin));
    const QString scheme = originUrl.scheme().toLower();
    const bool webScheme = scheme == QLatin1String("http") || scheme == QLatin1String("https");
    // Web pages elsewhere and sandboxed frames ("null") are refused; local pages and app shells
    // (file://, app://, extension schemes) are not a cross-site threat.
    const bool allowed =
        origin != "null" && originUrl.isValid() && (!webScheme || isLoopbackHost(originUrl.host()));
    if (!allowed) {
        d.allowed = false;
        d.reason = QStringLiteral("Requests from the web page %1 are not allowed: LLMux only "
                                  "serves local tools and pages on this machine.")
                       .arg(echoable(origin));
        return d;
    }
    d.corsHeaders = {{"Access-Control-Allow-Origin", origin},
                     {"Vary", "Origin"},
                     {"Access-Control-Expose-Headers", "*"}};
    return d;
}

} // namespace llmux
