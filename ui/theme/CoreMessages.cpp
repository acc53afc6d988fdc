#include "ui/theme/CoreMessages.h"

#include "ui/theme/Language.h"

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QRegularExpression>

namespace llmux::CoreMessages {
namespace {

// The core's sentences, exactly as core/ writes them, with %1… for the parts it fills in.
// Kept in step with core/store/SecretStore.cpp, core/providers/ProviderProbe.cpp,
// core/upstream/UpstreamCall.cpp, core/health/HealthMonitor.cpp and core/alerts/AlertCenter.cpp.
const char *const kSentences[] = {
    // Keychain (SecretStore)
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "Cannot %1: %2. %3"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "Cannot %1: %2 (%3). %4"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "read the provider's API key"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "save the API key"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "delete the API key"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "no OS keychain is available on this machine"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "access to the OS keychain was denied"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "the OS keychain refused access (it may be locked)"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "the OS keychain has no such entry (or is locked)"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "the OS keychain could not delete the entry"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "the OS keychain reported an error"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages",
                      "Unlock or start your keyring (gnome-keyring, KWallet, macOS Keychain, "
                      "Windows Credential Manager), or store the key in an environment variable "
                      "and add the provider with --api-key-env NAME."),
    QT_TRANSLATE_NOOP("llmux::CoreMessages",
                      "Cannot reach the OS keychain: it did not answer within 15 seconds. %1"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages",
                      "Cannot %1: the OS keychain did not answer within %2 s. Unlock it (answer "
                      "its password prompt if one is open) and try again."),
    // Provider tests and health checks (ProviderProbe)
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "Provider '%1' has no usable API key: %2"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages",
                      "Provider '%1' has kind '%2', which this LLMux does not know."),
    QT_TRANSLATE_NOOP("llmux::CoreMessages",
                      "Provider '%1' must be reached through proxy %2, which cannot be used: %3"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "Provider '%1' is reachable: HTTP %2 in %3 ms%4."),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", ", %1 models available"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "Provider '%1' answered HTTP %2.%3 Response: %4"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", " The provider rejected the API key."),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "Provider '%1' failed the test: %2"),
    // Connections to providers (UpstreamCall)
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "Bad response from %1: %2"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "Cannot connect to %1: the connection was closed"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "Cannot connect to %1: %2"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "Connection to %1 failed: %2"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "Connecting to %1 took longer than %2 s"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "%1 sent no response within %2 s"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "%1 stalled: no data for %2 s"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "%1 did not finish within %2 s (total timeout)"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "%1 via proxy %2"),
    // Alert titles (AlertCenter); the subjects ("project team-a") stay as the core wrote them.
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "Budget for %1 passed %2%"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "Budget for %1 is spent"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "Rate limit %1 keeps refusing requests"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "Provider '%1' rejected %2"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "Provider '%1' is out of credit on %2"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "Every target of '%1' failed"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "Gateway key '%1' expires soon"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "Provider '%1' is down"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "Provider '%1' is back up"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "Test message"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "its main key"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "extra key %1"),
    // A provider's state (HealthMonitor): one part per failing key, through a proxy.
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "%1; %2"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "key '%1': %2"),
    QT_TRANSLATE_NOOP("llmux::CoreMessages", "via %1: %2"),
};

struct Sentence
{
    const char *source;
    QRegularExpression pattern;
    int literalLength; // breaks ties: "Cannot connect to %1: %2" is closer than "Cannot %1: %2"
};

QList<Sentence> compile()
{
    static const QRegularExpression placeholder(QStringLiteral("%(\\d)"));
    QList<Sentence> sentences;
    for (const char *source : kSentences) {
        const QString text = QString::fromUtf8(source);
        QString regex = QStringLiteral("^");
        int literal = 0;
        qsizetype at = 0;
        for (auto it = placeholder.globalMatch(text); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            const QString before = text.mid(at, m.capturedStart() - at);
            regex += QRegularExpression::escape(before) + QStringLiteral("(.*?)");
            literal += int(before.size());
            at = m.capturedEnd();
        }
        regex += QRegularExpression::escape(text.mid(at)) + QLatin1Char('$');
        literal += int(text.size() - at);
        sentences.append({source,
                          QRegularExpression(regex, QRegularExpression::DotMatchesEverythingOption),
                          literal});
    }
    return sentences;
}

// Deep enough for every sentence above; a guard against pathological input.
constexpr int kMaxDepth = 6;

struct Rendered
{
    QString text;
    int known = 0; // sentences recognised in it, itself included
};

Rendered render(const QString &english, int depth, QHash<QString, Rendered> &memo)
{
    static const QList<Sentence> sentences = compile();
    if (english.isEmpty() || depth > kMaxDepth)
        return {english, 0};
    // The same part is reached through many readings ("key 'a': …; key 'b': …"): once each.
    if (const auto it = memo.constFind(english); it != memo.cend())
        return *it;
    // Several sentences may match ("Cannot %1: %2 (%3). %4" and "Cannot %1: %2. %3" when the
    // cause holds parentheses): the reading that recognises most of the parts wins.
    Rendered best{english, 0};
    int bestLiteral = -1;
    for (const Sentence &s : sentences) {
        const QRegularExpressionMatch m = s.pattern.match(english);
        if (!m.hasMatch())
            continue;
        QStringList parts;
        int known = 1;
        for (int i = 1; i <= m.lastCapturedIndex(); ++i) {
            const Rendered part = render(m.captured(i), depth + 1, memo);
            parts << part.text;
            known += part.known;
        }
        if (known < best.known || (known == best.known && s.literalLength <= bestLiteral))
            continue;
        // Arguments in one pass, so a translated part holding "%1" is never filled again.
        QString out = QCoreApplication::translate("llmux::CoreMessages", s.source);
        switch (parts.size()) {
        case 0:
            break;
        case 1:
            out = out.arg(parts[0]);
            break;
        case 2:
            out = out.arg(parts[0], parts[1]);
            break;
        case 3:
            out = out.arg(parts[0], parts[1], parts[2]);
            break;
        default:
            out = out.arg(parts[0], parts[1], parts[2], parts[3]);
            break;
        }
        best = {out, known};
        bestLiteral = s.literalLength;
    }
    memo.insert(english, best);
    return best;
}

} // namespace

QString translate(const QString &english)
{
    // Views ask on every paint: remember recent answers (per language; GUI thread only).
    static QHash<QString, QString> cache;
    constexpr qsizetype kCacheSize = 512;
    const QString key = Language::current() + QLatin1Char('\n') + english;
    if (const auto it = cache.constFind(key); it != cache.cend())
        return *it;
    if (cache.size() >= kCacheSize)
        cache.clear();
    QHash<QString, Rendered> memo;
    QString text = render(english, 0, memo).text;
    cache.insert(key, text);
    return text;
}

} // namespace llmux::CoreMessages
