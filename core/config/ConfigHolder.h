#pragma once

#include "core/config/GatewayConfig.h"

#include <mutex>

namespace llmux {

// The current configuration snapshot, shared by all worker threads. Readers take a reference to
// the whole snapshot, so one request sees one consistent configuration.
class ConfigHolder
{
public:
    GatewayConfigPtr current() const
    {
        std::lock_guard lock(m_mutex);
        return m_config;
    }
    void replace(GatewayConfigPtr config)
    {
        std::lock_guard lock(m_mutex);
        m_config = std::move(config);
    }

private:
    mutable std::mutex m_mutex;
    GatewayConfigPtr m_config;
};

} // namespace llmux
