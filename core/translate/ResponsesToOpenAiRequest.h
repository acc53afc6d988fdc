#pragma once

#include "core/translate/TranslationSupport.h"

#include <map>
#include <set>

namespace llmux {

// An OpenAI Responses request (what Codex CLI sends) as a Chat Completions request, the hub every
// provider format is reached from: instructions become a system message; input items become
// messages, function_call / custom_tool_call items become an assistant's tool_calls and their
// outputs tool messages; reasoning items go back as reasoning_content on the assistant message
// they preceded. Freeform custom tools (Codex's apply_patch) become functions taking one string
// argument "input"; the functions of a namespace tool (Codex's multi_agent_v1) become functions
// named "namespace__name". ToolNames tells the answer's translator which calls to turn back.
// Hosted tools a provider cannot run (web_search, file_search, ...) are left out, with a note.
class ResponsesToOpenAiRequest
{
public:
    static Json translate(const Json &request, TranslationNotes &notes);

    // How the request's tools are named on the Chat side.
    struct ToolNames
    {
        std::set<std::string> custom; // freeform tools
        // "namespace__name" -> {namespace, name}
        std::map<std::string, std::pair<std::string, std::string>> namespaced;
    };
    static ToolNames toolNames(const Json &request);
    // The Chat function name of a namespace's function.
    static std::string namespacedName(const std::string &space, const std::string &name);
    // The one string argument a custom tool's function takes.
    static constexpr const char *kCustomInput = "input";
};

} // namespace llmux
