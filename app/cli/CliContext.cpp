#include "cli/CliContext.h"

#include "store/DataDir.h"
#include "store/ProviderRepository.h"

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

} // namespace llmux::cli
