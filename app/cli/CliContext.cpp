#include "app/cli/CliContext.h"

#include "app/cli/WaitFor.h"
#include "core/config/GatewayConfigLoader.h"
#include "core/store/DataDir.h"
#include "core/store/ProviderRepository.h"

#include <cstdio>

namespace llmux::cli {

CliContext::CliContext(QString dataDir)
    : m_dataDir(std::move(dataDir))
    , m_out(stdout)
    , m_err(stderr)
{}

Status CliContext::open()
{
    if (Status s = DataDir::ensureExists(m_dataDir); !s)
        return s;
    m_db = std::make_unique<Database>(DataDir::databasePath(m_dataDir));
    return m_db->open();
}

int CliContext::fail(const QString &message)
{
    m_err << "llmux: " << message << Qt::endl;
    return 1;
}

Result<ProviderRecord> CliContext::findProvider(const QString &name)
{
    const auto found = ProviderRepository(db()).findByName(name);
    if (!found)
        return found.status();
    if (!found->has_value())
        return Result<ProviderRecord>::failure(
            QStringLiteral("There is no provider named '%1'.").arg(name));
    return **found;
}

Result<GatewayConfigPtr> CliContext::gatewayConfig()
{
    // The same loader the gateway uses, so commands see keys exactly as the gateway would.
    GatewayConfigLoader loader(db(), secrets());
    GatewayConfigPtr config;
    QString loadError;
    QObject::connect(&loader, &GatewayConfigLoader::loaded,
                     [&](const GatewayConfigPtr &c) { config = c; });
    QObject::connect(&loader, &GatewayConfigLoader::loadFailed,
                     [&](const QString &e) { loadError = e; });
    loader.reload();
    waitFor([&] { return config || !loadError.isEmpty(); }, 20000);
    if (!config)
        return Result<GatewayConfigPtr>::failure(
            loadError.isEmpty() ? QStringLiteral("Loading the configuration timed out.")
                                : loadError);
    return config;
}

} // namespace llmux::cli
