#include "app/cli/ArgParser.h"
#include "app/cli/CliContext.h"
#include "app/cli/Commands.h"
#include "app/cli/ProviderProbeRunner.h"
#include "app/cli/Subcommands.h"
#include "app/cli/WaitFor.h"
#include "core/net/ProxySettings.h"
#include "core/providers/ProviderAdapter.h"
#include "core/providers/ProviderPresets.h"
#include "core/services/ProviderStore.h"
#include "core/store/ModelRepository.h"
#include "core/store/ProviderKeyRepository.h"
#include "core/store/ProviderRepository.h"
#include "core/store/RouteRepository.h"
#include "core/store/SettingsRepository.h"

#include <QFile>
#include <QUrl>

#include <algorithm>
#include <tuple>

namespace llmux::cli {
namespace {

const QString kUsage = QStringLiteral(
    "llmux provider add NAME [--preset ID | --kind KIND --base-url URL] "
    "(--api-key-env VAR | --api-key - | --no-key) [TIMEOUTS]\n"
    "       llmux provider set NAME [TIMEOUTS] [--enable | --disable] [--base-url URL] "
    "[--proxy P] [--no-proxy HOSTS]\n"
    "       llmux provider key add NAME (--api-key-env VAR | --api-key -) [--label LABEL]\n"
    "       llmux provider key list NAME | key remove NAME ID\n"
    "       llmux provider list | remove NAME | test NAME | presets\n"
    "TIMEOUTS, in seconds: [--connect-timeout S] [--first-byte-timeout S] [--idle-timeout S] "
    "[--total-timeout S]");

const QList<QCommandLineOption> &timeoutOptions()
{
    static const QList<QCommandLineOption> options = {
        {QStringLiteral("connect-timeout"), QStringLiteral("Seconds to connect (default 10)."),
         QStringLiteral("S")},
        {QStringLiteral("first-byte-timeout"),
         QStringLiteral("Seconds to wait for the first response byte (default 300)."),
         QStringLiteral("S")},
        {QStringLiteral("idle-timeout"),
         QStringLiteral("Seconds of silence allowed between stream chunks (default 120)."),
         QStringLiteral("S")},
        {QStringLiteral("total-timeout"),
         QStringLiteral("Seconds the whole exchange may take, streams included (default 1800)."),
         QStringLiteral("S")},
    };
    return options;
}

std::optional<int> timeoutOption(ArgParser &p, const QString &name, QTextStream &err)
{
    if (!p.isSet(name))
        return std::nullopt;
    bool ok = false;
    const double seconds = p.value(name).toDouble(&ok);
    if (!ok || seconds <= 0 || seconds > 86400) {
        err << "llmux: --" << name << " takes a number of seconds, e.g. 30 or 0.5" << Qt::endl;
        return -1;
    }
    return int(seconds * 1000);
}

// Sets the timeouts given on the command line; false after printing an error.
bool readTimeouts(ArgParser &p, ProviderTimeouts &timeouts, QTextStream &err)
{
    for (const auto &[option, field] :
         {std::pair{QStringLiteral("connect-timeout"), &timeouts.connectMs},
          std::pair{QStringLiteral("first-byte-timeout"), &timeouts.firstByteMs},
          std::pair{QStringLiteral("idle-timeout"), &timeouts.idleMs},
          std::pair{QStringLiteral("total-timeout"), &timeouts.totalMs}}) {
        const auto ms = timeoutOption(p, option, err);
        if (ms && *ms < 0)
            return false;
        if (ms)
            *field = *ms;
    }
    return true;
}

QString seconds(int ms)
{
    return QString::number(ms / 1000.0) + QLatin1Char('s');
}

// "connect 5s, total 600s": the timeouts that differ from the defaults, or all of them.
QString timeoutsText(const ProviderTimeouts &t, bool onlyChanged)
{
    const ProviderTimeouts defaults;
    QStringList parts;
    for (const auto &[label, value, fallback] :
         {std::tuple{"connect", t.connectMs, defaults.connectMs},
          std::tuple{"first byte", t.firstByteMs, defaults.firstByteMs},
          std::tuple{"idle", t.idleMs, defaults.idleMs},
          std::tuple{"total", t.totalMs, defaults.totalMs}}) {
        if (!onlyChanged || value != fallback)
            parts << QLatin1String(label) + QLatin1Char(' ') + seconds(value);
    }
    return parts.join(QStringLiteral(", "));
}

int add(CliContext &ctx, const QStringList &args)
{
    ArgParser p(kUsage, QStringLiteral("Adds a provider. Its API key goes to the OS keychain "
                                       "(--api-key - reads it from standard input) or stays in an "
                                       "environment variable (--api-key-env VAR)."));
    p.addOptions({
        {QStringLiteral("kind"),
         QStringLiteral(
             "Provider kind: openai (any OpenAI-compatible API), anthropic, gemini or azure."),
         QStringLiteral("KIND"), QStringLiteral("openai")},
        {QStringLiteral("base-url"),
         QStringLiteral("API base URL, e.g. https://api.deepseek.com/v1."), QStringLiteral("URL")},
        {QStringLiteral("preset"),
         QStringLiteral("Start from a preset (see: llmux provider presets)."),
         QStringLiteral("ID")},
        {QStringLiteral("api-key-env"),
         QStringLiteral("Read the API key from this environment variable at run time."),
         QStringLiteral("VAR")},
        {QStringLiteral("api-key"),
         QStringLiteral(
             "'-' reads the API key from standard input and stores it in the OS keychain."),
         QStringLiteral("-")},
        {QStringLiteral("no-key"),
         QStringLiteral("The provider needs no API key (Ollama, LM Studio).")},
    });
    p.addOptions(timeoutOptions());
    if (int code = p.parse(args, ctx.out(), ctx.err(), 1); code >= 0)
        return code;

    ProviderRecord record;
    record.name = p.positionalArguments().first().trimmed();
    if (Status named = ProviderStore::checkName(record.name); !named)
        return ctx.fail(named.error());
    record.kind = p.value(QStringLiteral("kind"));
    QString baseUrl = p.value(QStringLiteral("base-url"));
    bool needsKey = true;
    if (p.isSet(QStringLiteral("preset"))) {
        const ProviderPreset *preset = ProviderPresets::find(p.value(QStringLiteral("preset")));
        if (!preset)
            return ctx.fail(QStringLiteral("Unknown preset '%1'. Run 'llmux provider presets'.")
                                .arg(p.value(QStringLiteral("preset"))));
        record.kind = preset->kind;
        needsKey = preset->needsKey;
        if (baseUrl.isEmpty())
            baseUrl = preset->baseUrl;
    }
    if (!ProviderAdapter::forKind(record.kind))
        return ctx.fail(QStringLiteral("Provider kind '%1' is not supported; use one of %2 "
                                       "(openai for any OpenAI-compatible API).")
                            .arg(record.kind, ProviderAdapter::kinds().join(QStringLiteral(", "))));
    record.kind = record.kind.toLower();
    if (baseUrl.isEmpty())
        return ctx.fail(
            record.kind == QLatin1String("azure")
                ? QStringLiteral("Give --base-url https://YOUR-RESOURCE.openai.azure.com "
                                 "(your Azure OpenAI resource).")
                : QStringLiteral("Give --base-url URL or --preset ID."));
    const Result<QString> url = ProviderStore::normalizeBaseUrl(baseUrl);
    if (!url)
        return ctx.fail(url.error());
    record.baseUrl = url.value();

    const int keySources = int(p.isSet(QStringLiteral("api-key-env"))) +
                           int(p.isSet(QStringLiteral("api-key"))) +
                           int(p.isSet(QStringLiteral("no-key")));
    if (keySources > 1)
        return ctx.fail(QStringLiteral("Use only one of --api-key-env, --api-key - and --no-key."));
    if (keySources == 0 && needsKey)
        return ctx.fail(
            QStringLiteral("Say where the API key comes from: --api-key - (stdin, "
                           "stored in the OS keychain), --api-key-env VAR, or --no-key."));
    if (p.isSet(QStringLiteral("api-key")) &&
        p.value(QStringLiteral("api-key")) != QLatin1String("-"))
        return ctx.fail(QStringLiteral("--api-key only takes '-' (read from standard input): a key "
                                       "on the command line would end up in shell history."));
    record.apiKeyEnv = p.value(QStringLiteral("api-key-env"));
    if (!readTimeouts(p, record.timeouts, ctx.err()))
        return 2;

    QByteArray secret;
    if (p.isSet(QStringLiteral("api-key"))) {
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly))
            return ctx.fail(QStringLiteral("Cannot read the API key from standard input."));
        secret = in.readAll().trimmed();
        if (secret.isEmpty())
            return ctx.fail(QStringLiteral("No API key arrived on standard input."));
    }

    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    // The same save as the desktop app's: the row, then the key in the keychain, then the flag.
    ProviderDraft draft;
    draft.record = record;
    draft.apiKey = secret;
    QObject context;
    std::optional<Result<ProviderSaveOutcome>> saved;
    ProviderStore(ctx.db(), ctx.secrets())
        .save(draft, &context, [&saved](const Result<ProviderSaveOutcome> &r) { saved = r; });
    if (!waitFor([&saved] { return saved.has_value(); }, 60000)) {
        // The row went in before the key; a provider whose key never arrived must not stay.
        ProviderRepository providers(ctx.db());
        QString leftover;
        if (const auto added = providers.findByName(record.name); added && added->has_value())
            if (const Status removed = providers.remove((*added)->id); !removed)
                leftover = QStringLiteral(" Remove it with `llmux provider remove %1`: %2")
                               .arg(record.name, removed.error());
        return ctx.fail(QStringLiteral("Cannot reach the OS keychain: it did not answer within 60 "
                                       "seconds, so provider '%1' was not added. Unlock or start "
                                       "your keyring, or add the provider with --api-key-env "
                                       "NAME.%2")
                            .arg(record.name, leftover));
    }
    if (!*saved)
        return ctx.fail(saved->error());
    record.secretInKeychain = !secret.isEmpty();
    ctx.out() << "Added provider '" << record.name << "' (" << record.kind << ", " << record.baseUrl
              << ")";
    if (record.secretInKeychain)
        ctx.out() << "; API key stored in the OS keychain";
    else if (!record.apiKeyEnv.isEmpty())
        ctx.out() << "; API key read from $" << record.apiKeyEnv;
    ctx.out() << ".\nNext: llmux model add NAME --provider " << record.name
              << " --upstream-model MODEL" << Qt::endl;
    return 0;
}

int list(CliContext &ctx, const QStringList &args)
{
    ArgParser p(QStringLiteral("llmux provider list"), QStringLiteral("Lists providers."));
    if (int code = p.parse(args, ctx.out(), ctx.err(), 0); code >= 0)
        return code;
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    const auto providers = ProviderRepository(ctx.db()).list();
    if (!providers)
        return ctx.fail(providers.error());
    if (providers->isEmpty()) {
        ctx.out() << "No providers yet. Add one: llmux provider add NAME --preset deepseek "
                     "--api-key -"
                  << Qt::endl;
        return 0;
    }
    for (const ProviderRecord &r : providers.value()) {
        const QString key = r.secretInKeychain       ? QStringLiteral("keychain")
                            : !r.apiKeyEnv.isEmpty() ? QStringLiteral("env:") + r.apiKeyEnv
                                                     : QStringLiteral("none");
        ctx.out() << qSetFieldWidth(16) << Qt::left << r.name << qSetFieldWidth(8) << r.kind
                  << qSetFieldWidth(0) << ' ' << r.baseUrl << "  key=" << key;
        if (const QString changed = timeoutsText(r.timeouts, true); !changed.isEmpty())
            ctx.out() << "  timeouts: " << changed;
        if (!r.proxy.isEmpty())
            ctx.out() << "  proxy=" << r.proxy;
        if (r.responsesApi != u"auto" && ProviderAdapter::kindMayOfferResponses(r.kind))
            ctx.out() << "  responses=" << r.responsesApi;
        ctx.out() << (r.enabled ? "" : "  (disabled)") << '\n';
    }
    ctx.out() << Qt::flush;
    return 0;
}

int set(CliContext &ctx, const QStringList &args)
{
    ArgParser p(QStringLiteral("llmux provider set NAME [--connect-timeout S] "
                               "[--first-byte-timeout S] [--idle-timeout S] [--total-timeout S] "
                               "[--enable | --disable] [--base-url URL] "
                               "[--proxy none|system|URL[,URL...]] [--no-proxy HOSTS] "
                               "[--responses auto|native|translate]"),
                QStringLiteral("Changes a provider's timeouts, base URL, proxies, how it gets "
                               "Responses API requests, or whether the gateway uses it. A running "
                               "gateway picks the change up within a second."));
    p.addOptions(timeoutOptions());
    p.addOptions({
        {QStringLiteral("enable"), QStringLiteral("Use the provider again.")},
        {QStringLiteral("disable"),
         QStringLiteral("Stop using the provider; routes fall over to their other targets.")},
        {QStringLiteral("base-url"), QStringLiteral("New API base URL."), QStringLiteral("URL")},
        {QStringLiteral("proxy"),
         QStringLiteral("Reach the provider through proxies, tried in order: http://host:port or "
                        "socks5://host:port, with user:password@ if needed (the password goes to "
                        "the OS keychain); 'system' for the system's proxy; 'none' to connect "
                        "directly."),
         QStringLiteral("PROXY")},
        {QStringLiteral("no-proxy"),
         QStringLiteral(
             "Hosts that skip the proxy, NO_PROXY style: localhost,.internal,10.0.0.0/8."),
         QStringLiteral("HOSTS")},
        {QStringLiteral("responses"),
         QStringLiteral("How Responses API requests (Codex) reach an OpenAI-compatible or Azure "
                        "provider: 'native' to its own /responses, 'translate' to its Chat "
                        "Completions, 'auto' (default) to try its own once and remember."),
         QStringLiteral("MODE")},
    });
    if (int code = p.parse(args, ctx.out(), ctx.err(), 1); code >= 0)
        return code;
    if (p.isSet(QStringLiteral("responses")) &&
        !ProviderRecord::responsesApiModes().contains(p.value(QStringLiteral("responses"))))
        return ctx.fail(QStringLiteral("--responses takes auto, native or translate, not '%1'.")
                            .arg(p.value(QStringLiteral("responses")).left(40)));
    if (p.isSet(QStringLiteral("enable")) && p.isSet(QStringLiteral("disable")))
        return ctx.fail(QStringLiteral("Use only one of --enable and --disable."));
    bool anything = p.isSet(QStringLiteral("enable")) || p.isSet(QStringLiteral("disable")) ||
                    p.isSet(QStringLiteral("base-url")) || p.isSet(QStringLiteral("proxy")) ||
                    p.isSet(QStringLiteral("no-proxy")) || p.isSet(QStringLiteral("responses"));
    for (const QCommandLineOption &option : timeoutOptions())
        anything = anything || p.isSet(option);
    if (!anything)
        return ctx.fail(QStringLiteral("Nothing to change: give a timeout, --enable, --disable, "
                                       "--base-url URL, --proxy, --no-proxy or --responses (see "
                                       "llmux provider set --help)."));

    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    ProviderRepository providers(ctx.db());
    const auto found = ctx.findProvider(p.positionalArguments().first());
    if (!found)
        return ctx.fail(found.error());
    ProviderRecord record = found.value();
    if (!readTimeouts(p, record.timeouts, ctx.err()))
        return 2;
    if (p.isSet(QStringLiteral("base-url"))) {
        const Result<QString> url =
            ProviderStore::normalizeBaseUrl(p.value(QStringLiteral("base-url")));
        if (!url)
            return ctx.fail(url.error());
        record.baseUrl = url.value();
    }
    if (p.isSet(QStringLiteral("enable")) || p.isSet(QStringLiteral("disable")))
        record.enabled = p.isSet(QStringLiteral("enable"));
    if (p.isSet(QStringLiteral("no-proxy")))
        record.noProxy = p.value(QStringLiteral("no-proxy")).trimmed();
    if (p.isSet(QStringLiteral("responses"))) {
        if (!ProviderAdapter::kindMayOfferResponses(record.kind))
            return ctx.fail(QStringLiteral("Provider '%1' is of kind %2, which has no Responses "
                                           "API of its own; LLMux always translates for it.")
                                .arg(record.name, record.kind));
        record.responsesApi = p.value(QStringLiteral("responses"));
    }
    if (p.isSet(QStringLiteral("proxy"))) {
        const QString text = p.value(QStringLiteral("proxy"));
        const ProxySpec spec = ProxySettings::parse(text);
        if (!spec.error.isEmpty())
            return ctx.fail(spec.error);
        // Passwords go to the keychain before the row names the proxy, so a running gateway
        // never sees a proxy whose password is not there yet.
        const QString instance = SettingsRepository(ctx.db()).instanceId();
        for (const auto &[proxy, password] : ProxySettings::passwords(text)) {
            const Status stored = ctx.secrets().write(
                SecretStore::providerProxyAccount(instance, record.id, proxy), password.toUtf8());
            if (!stored)
                return ctx.fail(QStringLiteral("Cannot store the password of proxy %1: %2")
                                    .arg(proxy, stored.error()));
        }
        record.proxy = ProxySettings::format(spec);
    }
    if (Status s = providers.update(record); !s)
        return ctx.fail(s.error());
    ctx.out() << "Provider '" << record.name << "' (" << record.baseUrl << "), "
              << (record.enabled ? "enabled" : "disabled")
              << "; timeouts: " << timeoutsText(record.timeouts, false)
              << "; proxy: " << (record.proxy.isEmpty() ? QStringLiteral("none") : record.proxy);
    if (!record.noProxy.isEmpty())
        ctx.out() << " (not for " << record.noProxy << ')';
    if (ProviderAdapter::kindMayOfferResponses(record.kind))
        ctx.out() << "; Responses API: " << record.responsesApi;
    ctx.out() << '.' << Qt::endl;
    return 0;
}

int remove(CliContext &ctx, const QStringList &args)
{
    ArgParser p(QStringLiteral("llmux provider remove NAME"),
                QStringLiteral("Removes a provider, its models, its extra keys and the API "
                               "keys stored for it in the OS keychain."));
    if (int code = p.parse(args, ctx.out(), ctx.err(), 1); code >= 0)
        return code;
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    ProviderRepository providers(ctx.db());
    const auto found = ctx.findProvider(p.positionalArguments().first());
    if (!found)
        return ctx.fail(found.error());
    const ProviderRecord &record = found.value();
    // The key rows and route targets go with the provider row (foreign keys), so what must be
    // cleaned up or reported afterwards is read first.
    const auto extraKeys = ProviderKeyRepository(ctx.db()).list(record.id);
    if (!extraKeys)
        return ctx.fail(extraKeys.error());
    const auto routes = RouteRepository(ctx.db()).list();
    if (!routes)
        return ctx.fail(routes.error());
    if (Status s = providers.remove(record.id); !s)
        return ctx.fail(s.error());

    const QStringList accounts = ProviderStore::keychainAccounts(
        SettingsRepository(ctx.db()).instanceId(), record, extraKeys.value());
    for (const QString &account : std::as_const(accounts))
        if (Status s = ctx.secrets().remove(account); !s)
            ctx.err() << "llmux: the provider is removed, but one of its API keys could not be "
                         "deleted from the OS keychain: "
                      << s.error() << Qt::endl;
    ctx.out() << "Removed provider '" << record.name << "'." << Qt::endl;

    // A route whose every target was on this provider now serves nothing.
    for (const RouteRecord &r : routes.value()) {
        const bool emptied =
            !r.targets.isEmpty() && std::all_of(r.targets.cbegin(), r.targets.cend(),
                                                [&record](const RouteTargetRecord &t) {
                                                    return t.providerId == record.id;
                                                });
        if (emptied)
            ctx.out() << "Route '" << r.pattern
                      << "' has no targets left: remove it (llmux route remove " << r.pattern
                      << ") or add it again with --replace." << Qt::endl;
    }
    return 0;
}

int test(CliContext &ctx, const QStringList &args)
{
    ArgParser p(QStringLiteral("llmux provider test NAME"),
                QStringLiteral("Checks that LLMux can reach the provider with its API key by "
                               "listing its models."));
    if (int code = p.parse(args, ctx.out(), ctx.err(), 1); code >= 0)
        return code;
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    const ProbeResult result = ProviderProbeRunner::run(ctx, p.positionalArguments().first());
    if (!result.ok)
        return ctx.fail(result.message);
    ctx.out() << result.message << Qt::endl;
    return 0;
}

int presets(CliContext &ctx, const QStringList &args)
{
    ArgParser p(QStringLiteral("llmux provider presets"),
                QStringLiteral("Lists provider presets."));
    if (int code = p.parse(args, ctx.out(), ctx.err(), 0); code >= 0)
        return code;
    for (const ProviderPreset &preset : ProviderPresets::all())
        ctx.out() << qSetFieldWidth(12) << Qt::left << preset.id << qSetFieldWidth(10)
                  << preset.kind << qSetFieldWidth(0) << ' '
                  << (preset.baseUrl.isEmpty() ? QStringLiteral("(your resource URL)")
                                               : preset.baseUrl)
                  << (preset.needsKey ? "" : "  (no key needed)") << '\n';
    ctx.out() << Qt::flush;
    return 0;
}

} // namespace

int runProvider(CliContext &ctx, const QStringList &args)
{
    return runSubcommand(ctx, args, QStringLiteral("provider"), kUsage,
                         {{"add", add},
                          {"list", list},
                          {"set", set},
                          {"remove", remove},
                          {"key", runProviderKey},
                          {"test", test},
                          {"presets", presets}});
}

} // namespace llmux::cli
