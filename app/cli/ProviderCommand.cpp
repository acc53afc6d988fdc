#include "cli/ArgParser.h"
#include "cli/CliContext.h"
#include "cli/Commands.h"
#include "cli/ProviderProbe.h"

#include "providers/ProviderAdapter.h"
#include "providers/ProviderPresets.h"
#include "store/ModelRepository.h"
#include "store/ProviderRepository.h"
#include "store/SettingsRepository.h"

#include <QFile>
#include <QUrl>

namespace llmux::cli {
namespace {

const QString kUsage =
    QStringLiteral("llmux provider add NAME [--preset ID | --kind KIND --base-url URL] "
                   "(--api-key-env VAR | --api-key - | --no-key)\n"
                   "       llmux provider list | remove NAME | test NAME | presets");

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
        {QStringLiteral("connect-timeout"), QStringLiteral("Seconds to connect (default 10)."),
         QStringLiteral("S")},
        {QStringLiteral("first-byte-timeout"),
         QStringLiteral("Seconds to wait for the first response byte (default 300)."),
         QStringLiteral("S")},
        {QStringLiteral("idle-timeout"),
         QStringLiteral("Seconds of silence allowed between stream chunks (default 120)."),
         QStringLiteral("S")},
    });
    if (int code = p.parse(args, ctx.out(), ctx.err(), 1); code >= 0)
        return code;

    ProviderRecord record;
    record.name = p.positionalArguments().first().trimmed();
    if (record.name.isEmpty() || record.name.contains(QLatin1Char('/')))
        return ctx.fail(
            QStringLiteral("A provider name must be non-empty and must not contain '/'."));
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
    const QUrl url(baseUrl, QUrl::StrictMode);
    if (baseUrl.isEmpty())
        return ctx.fail(
            record.kind == QLatin1String("azure")
                ? QStringLiteral("Give --base-url https://YOUR-RESOURCE.openai.azure.com "
                                 "(your Azure OpenAI resource).")
                : QStringLiteral("Give --base-url URL or --preset ID."));
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        return ctx.fail(QStringLiteral("'%1' is not an http(s) URL.").arg(baseUrl));
    record.baseUrl = url.toString(QUrl::StripTrailingSlash);

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
    for (const auto &[option, field] :
         {std::pair{QStringLiteral("connect-timeout"), &record.timeouts.connectMs},
          std::pair{QStringLiteral("first-byte-timeout"), &record.timeouts.firstByteMs},
          std::pair{QStringLiteral("idle-timeout"), &record.timeouts.idleMs}}) {
        const auto ms = timeoutOption(p, option, ctx.err());
        if (ms && *ms < 0)
            return 2;
        if (ms)
            *field = *ms;
    }

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
    ProviderRepository providers(ctx.db());
    // The row first, without the keychain flag: the key is stored under the row's id, and the
    // flag is set only once the key is really there, so a running gateway never sees a half.
    const Result<qint64> id = providers.add(record);
    if (!id)
        return ctx.fail(id.error());
    record.id = id.value();
    if (!secret.isEmpty()) {
        const QString account =
            SecretStore::providerAccount(SettingsRepository(ctx.db()).instanceId(), record.id);
        if (Status stored = ctx.secrets().write(account, secret); !stored) {
            providers.remove(record.id);
            return ctx.fail(stored.error());
        }
        record.secretInKeychain = true;
        if (Status s = providers.update(record); !s)
            return ctx.fail(s.error());
    }
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
                  << qSetFieldWidth(0) << ' ' << r.baseUrl << "  key=" << key
                  << (r.enabled ? "" : "  (disabled)") << '\n';
    }
    ctx.out() << Qt::flush;
    return 0;
}

int remove(CliContext &ctx, const QStringList &args)
{
    ArgParser p(QStringLiteral("llmux provider remove NAME"),
                QStringLiteral("Removes a provider, its models and its stored API key."));
    if (int code = p.parse(args, ctx.out(), ctx.err(), 1); code >= 0)
        return code;
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    const QString name = p.positionalArguments().first();
    ProviderRepository providers(ctx.db());
    const auto found = providers.findByName(name);
    if (!found)
        return ctx.fail(found.error());
    if (!found->has_value())
        return ctx.fail(QStringLiteral("There is no provider named '%1'.").arg(name));
    const ProviderRecord record = **found;
    if (Status s = providers.remove(record.id); !s)
        return ctx.fail(s.error());
    if (record.secretInKeychain) {
        const QString account =
            SecretStore::providerAccount(SettingsRepository(ctx.db()).instanceId(), record.id);
        if (Status s = ctx.secrets().remove(account); !s)
            ctx.err() << "llmux: the provider is removed, but its API key could not be deleted "
                         "from the OS keychain: "
                      << s.error() << Qt::endl;
    }
    ctx.out() << "Removed provider '" << record.name << "'." << Qt::endl;
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
    const QString sub = args.value(1);
    const QStringList rest = args.mid(1);
    if (sub == QLatin1String("add"))
        return add(ctx, rest);
    if (sub == QLatin1String("list"))
        return list(ctx, rest);
    if (sub == QLatin1String("remove"))
        return remove(ctx, rest);
    if (sub == QLatin1String("test"))
        return test(ctx, rest);
    if (sub == QLatin1String("presets"))
        return presets(ctx, rest);
    if (sub.isEmpty() || sub == QLatin1String("--help") || sub == QLatin1String("-h")) {
        ctx.out() << "Usage: " << kUsage << Qt::endl;
        return sub.isEmpty() ? 2 : 0;
    }
    return ctx.fail(QStringLiteral("Unknown provider command '%1'.\nUsage: %2").arg(sub, kUsage));
}

} // namespace llmux::cli
