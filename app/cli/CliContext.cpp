#include "cli/CliContext.h"

#include "store/DataDir.h"

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

} // namespace llmux::cli
