# fish completion for llmux(1). Commands, subcommands and options follow `llmux ... --help`.
# Names of providers, models, keys, routes, settings and alert channels come from the llmux
# commands that list them, but only when the data folder already has a database: completing never
# creates one.

set -l __llmux_value_options data-dir host port kind base-url preset api-key-env api-key \
    connect-timeout first-byte-timeout idle-timeout total-timeout proxy no-proxy responses label provider \
    upstream-model price-in price-out strategy target expires-in expires model key tools images \
    reasoning responses-only context max-output project allow-model allow-endpoint scope \
    endpoint requests tokens concurrent usd period alert-at from to format output url url-env \
    secret-env secret smtp user password-env password tls ca-file events limit

# The command path typed so far ("provider key add"), then the count of arguments after it, then
# the first of them if there is one.
function __llmux_path --inherit-variable __llmux_value_options
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l path
    set -l args 0
    set -l first
    set -l skip 0
    for t in $tokens
        if test $skip -eq 1
            set skip 0
            continue
        end
        if string match -q -- '-*' $t
            if not string match -q -- '*=*' $t; and contains -- (string replace -r -- '^--' '' $t) $__llmux_value_options
                set skip 1
            end
            continue
        end
        switch "$path"
            case '' provider model route settings key project limit budget alert report 'provider key'
                set -a path $t
            case '*'
                test $args -eq 0; and set first $t
                set args (math $args + 1)
        end
    end
    echo "$path"
    echo $args
    set -q first[1]; and echo $first
end

# __llmux_at PATH [NARGS]: the command line is at PATH (and has NARGS arguments after it).
function __llmux_at
    set -l state (__llmux_path)
    test "$state[1]" = "$argv[1]"; or return 1
    test (count $argv) -lt 2; or test "$state[2]" = "$argv[2]"
end

# __llmux_alert_add webhook|email: the command line is at "alert add" and the kind of channel
# given is of that sort (webhook, slack, dingtalk and feishu are webhooks), or none is given yet.
function __llmux_alert_add
    set -l state (__llmux_path)
    test "$state[1]" = 'alert add'; or return 1
    switch "$state[3]"
        case webhook slack dingtalk feishu
            test "$argv[1]" = webhook
        case email
            test "$argv[1]" = email
        case '*'
            true
    end
end

function __llmux_data_dir
    set -l tokens (commandline -opc)
    for i in (seq (count $tokens))
        switch $tokens[$i]
            case '--data-dir=?*'
                string replace -- '--data-dir=' '' $tokens[$i]
                return
            case --data-dir
                if test $i -lt (count $tokens)
                    echo $tokens[(math $i + 1)]
                    return
                end
        end
    end
    if set -q LLMUX_DATA_DIR; and test -n "$LLMUX_DATA_DIR"
        echo $LLMUX_DATA_DIR
    else if set -q XDG_DATA_HOME; and test -n "$XDG_DATA_HOME"
        echo $XDG_DATA_HOME/LLMux
    else
        echo $HOME/.local/share/LLMux
    end
end

function __llmux_run
    set -l program (commandline -opc)[1]
    if command -sq timeout
        timeout 3 $program $argv 2>/dev/null
    else
        $program $argv 2>/dev/null
    end
end

# __llmux_names providers|models|keys|projects|routes|settings|alerts: the names the user has
# configured.
function __llmux_names
    set -l dir (__llmux_data_dir)
    set dir (string replace -r '^~' $HOME -- $dir)
    test -f "$dir/llmux.sqlite"; or return
    switch $argv[1]
        case providers
            __llmux_run --data-dir $dir provider list | awk '/ key=/ { print $1 }'
        case models
            __llmux_run --data-dir $dir model list | awk '/ -> / { print $1 }'
        case keys
            __llmux_run --data-dir $dir key list | awk '/ created / { print $1 }'
        case projects
            __llmux_run --data-dir $dir project list | awk '/ keys?$/ { print $1 }'
        case routes
            __llmux_run --data-dir $dir route list --json | sed -n 's/^ *"pattern": *"\(.*\)",\{0,1\}$/\1/p'
        case settings
            __llmux_run --data-dir $dir settings list | awk '$1 ~ /^[a-z_]+\.[a-z_]+$/ { print $1 }'
        case alerts
            __llmux_run --data-dir $dir alert list | awk '$1 ~ /^[0-9]+$/ { print $2 }'
    end
end

function __llmux_presets
    __llmux_run provider presets | awk 'NF { print $1 }'
end

# --target PROVIDER:MODEL[:WEIGHT]: the provider part; the model is free text.
function __llmux_targets
    set -l token (commandline -ct)
    string match -q -- '*:*' (string replace -r -- '^--target=' '' $token); and return
    for p in (__llmux_names providers)
        echo $p:
    end
end

# --events LIST: the event names, after the ones already given (comma-separated).
function __llmux_alert_events
    set -l given (string replace -r -- '^--events=' '' (commandline -ct) | string replace -r -- '[^,]*$' '')
    printf '%s\n' "$given"budget-threshold\t'Budget threshold reached' \
        "$given"budget-exhausted\t'Budget exhausted' \
        "$given"limit-hit\t'Rate limit hit repeatedly' \
        "$given"key-rejected\t'Provider key rejected or out of credit' \
        "$given"provider-down\t'Provider down' \
        "$given"provider-recovered\t'Provider recovered' \
        "$given"route-failing\t'Every target of a route failing' \
        "$given"key-expiring\t'Gateway key about to expire'
end

complete -c llmux -f

# Top level.
complete -c llmux -n '__llmux_at ""' -s h -l help -d 'Show the usage'
complete -c llmux -n '__llmux_at ""' -l version -d 'Show the version'
complete -c llmux -l data-dir -x -a '(__fish_complete_directories)' -d 'Data folder'
complete -c llmux -n 'not __llmux_at ""' -s h -l help -d 'Show the help of this command'
complete -c llmux -n 'not __llmux_at ""' -l help-all -d 'Show the help including Qt options'
complete -c llmux -n '__llmux_at ""' -a serve -d 'Run the gateway headless'
complete -c llmux -n '__llmux_at ""' -a status -d 'Show whether the gateway runs and what is configured'
complete -c llmux -n '__llmux_at ""' -a provider -d 'Add, change, test and remove providers'
complete -c llmux -n '__llmux_at ""' -a model -d 'Map public model names to provider models'
complete -c llmux -n '__llmux_at ""' -a route -d 'Serve a name from several provider models'
complete -c llmux -n '__llmux_at ""' -a health -d 'Show or run provider health checks'
complete -c llmux -n '__llmux_at ""' -a settings -d 'Show and change retry, circuit and health-check settings'
complete -c llmux -n '__llmux_at ""' -a key -d 'Create and manage gateway keys for clients'
complete -c llmux -n '__llmux_at ""' -a connect -d 'Set a coding agent up to use LLMux, or undo it'

# connect
complete -c llmux -n '__llmux_at connect 0' -a 'claude-code codex gemini-cli' -d Agent
complete -c llmux -n '__llmux_at connect' -l model -x -a '(__llmux_names models)' -d 'Model the agent uses'
complete -c llmux -n '__llmux_at connect' -l key -x -d 'Name of the gateway key made for the agent'
complete -c llmux -n '__llmux_at connect' -l dry-run -d 'Show what would change'
complete -c llmux -n '__llmux_at connect' -l undo -d "Restore the agent's files as they were"
complete -c llmux -n '__llmux_at connect' -l status -d 'Which agents use LLMux'

# serve, health
complete -c llmux -n '__llmux_at serve' -l host -x -a '127.0.0.1 ::1 0.0.0.0' -d 'Address to listen on'
complete -c llmux -n '__llmux_at serve' -l port -x -d 'Port to listen on (0 picks a free one)'
complete -c llmux -n '__llmux_at health' -l check -d 'Check every provider key now'
complete -c llmux -n '__llmux_at health' -l json -d 'Print JSON instead of a table'

# provider
complete -c llmux -n '__llmux_at provider' -a add -d 'Add a provider'
complete -c llmux -n '__llmux_at provider' -a set -d 'Change timeouts, base URL, proxies, or enable or disable a provider'
complete -c llmux -n '__llmux_at provider' -a list -d 'List providers'
complete -c llmux -n '__llmux_at provider' -a remove -d 'Remove a provider and its stored keys'
complete -c llmux -n '__llmux_at provider' -a test -d 'Check that a provider answers with its API key'
complete -c llmux -n '__llmux_at provider' -a presets -d 'List provider presets'
complete -c llmux -n '__llmux_at provider' -a key -d "Manage a provider's extra API keys"
for __llmux_p in 'provider add' 'provider set'
    complete -c llmux -n "__llmux_at '$__llmux_p'" -l connect-timeout -x -d 'Seconds to connect'
    complete -c llmux -n "__llmux_at '$__llmux_p'" -l first-byte-timeout -x -d 'Seconds to wait for the first response byte'
    complete -c llmux -n "__llmux_at '$__llmux_p'" -l idle-timeout -x -d 'Seconds of silence allowed between stream chunks'
    complete -c llmux -n "__llmux_at '$__llmux_p'" -l total-timeout -x -d 'Seconds the whole exchange may take'
end
for __llmux_p in 'provider add' 'provider key add'
    complete -c llmux -n "__llmux_at '$__llmux_p'" -l api-key-env -x -a '(set -nx)' -d 'Read the API key from this environment variable'
    complete -c llmux -n "__llmux_at '$__llmux_p'" -l api-key -x -a - -d 'Read the API key from standard input into the keychain'
end
complete -c llmux -n '__llmux_at "provider add"' -l kind -x -a 'openai anthropic gemini azure' -d 'Provider kind'
complete -c llmux -n '__llmux_at "provider add"' -l base-url -x -d 'API base URL'
complete -c llmux -n '__llmux_at "provider add"' -l preset -x -a '(__llmux_presets)' -d 'Start from a preset'
complete -c llmux -n '__llmux_at "provider add"' -l no-key -d 'The provider needs no API key'
complete -c llmux -n '__llmux_at "provider set"' -l enable -d 'Use the provider again'
complete -c llmux -n '__llmux_at "provider set"' -l disable -d 'Stop using the provider'
complete -c llmux -n '__llmux_at "provider set"' -l base-url -x -d 'New API base URL'
complete -c llmux -n '__llmux_at "provider set"' -l proxy -x -a 'none system http:// socks5://' -d 'Proxies, tried in order'
complete -c llmux -n '__llmux_at "provider set"' -l no-proxy -x -d 'Hosts that skip the proxy'
complete -c llmux -n '__llmux_at "provider set"' -l responses -x -a 'auto native translate' -d 'How Responses API requests reach it'
for __llmux_p in 'provider set' 'provider remove' 'provider test' 'provider key add' 'provider key list' 'provider key remove'
    complete -c llmux -n "__llmux_at '$__llmux_p' 0" -a '(__llmux_names providers)' -d Provider
end

# provider key
complete -c llmux -n '__llmux_at "provider key"' -a add -d "Add an API key to a provider's key pool"
complete -c llmux -n '__llmux_at "provider key"' -a list -d "List a provider's API keys"
complete -c llmux -n '__llmux_at "provider key"' -a remove -d 'Remove an extra API key'
complete -c llmux -n '__llmux_at "provider key add"' -l label -x -d 'A name for the key in lists and logs'

# model
complete -c llmux -n '__llmux_at model' -a add -d 'Map a public model name to a provider model'
complete -c llmux -n '__llmux_at model' -a set -d 'Say what a model can take (tools, images, context...)'
complete -c llmux -n '__llmux_at model' -a show -d 'Show what a model can take'
complete -c llmux -n '__llmux_at model' -a list -d 'List public model names'
complete -c llmux -n '__llmux_at "model set"' -l tools -x -a 'yes no auto' -d 'Whether it takes tools'
complete -c llmux -n '__llmux_at "model set"' -l images -x -a 'yes no auto' -d 'Whether it takes images'
complete -c llmux -n '__llmux_at "model set"' -l reasoning -x -a 'yes no auto' -d 'Whether it reasons'
complete -c llmux -n '__llmux_at "model set"' -l responses-only -x -a 'yes no auto' -d 'Served only by the Responses API'
complete -c llmux -n '__llmux_at "model set"' -l context -x -a auto -d 'Context window in tokens'
complete -c llmux -n '__llmux_at "model set"' -l max-output -x -a auto -d 'Longest answer in tokens'
complete -c llmux -n '__llmux_at model' -a remove -d 'Remove a public model name'
complete -c llmux -n '__llmux_at model' -a enable -d 'Serve a public model name again'
complete -c llmux -n '__llmux_at model' -a disable -d 'Stop serving a public model name'
complete -c llmux -n '__llmux_at "model add"' -l provider -x -a '(__llmux_names providers)' -d 'Provider name'
complete -c llmux -n '__llmux_at "model add"' -l upstream-model -x -d "The provider's model name"
complete -c llmux -n '__llmux_at "model add"' -l price-in -x -d 'Price per million input tokens'
complete -c llmux -n '__llmux_at "model add"' -l price-out -x -d 'Price per million output tokens'
for __llmux_p in 'model set' 'model show' 'model remove' 'model enable' 'model disable'
    complete -c llmux -n "__llmux_at '$__llmux_p' 0" -a '(__llmux_names models)' -d Model
end

# route
complete -c llmux -n '__llmux_at route' -a add -d 'Serve a name or pattern from one or more provider models'
complete -c llmux -n '__llmux_at route' -a list -d 'List routes'
complete -c llmux -n '__llmux_at route' -a remove -d 'Remove a route'
complete -c llmux -n '__llmux_at "route add"' -l strategy -x -a 'failover round-robin weighted latency cost' -d 'How to pick a target'
complete -c llmux -n '__llmux_at "route add"' -l target -x -a '(__llmux_targets)' -d 'PROVIDER:MODEL[:WEIGHT], repeat for more'
complete -c llmux -n '__llmux_at "route add"' -l replace -d 'Replace an existing route of that name'
complete -c llmux -n '__llmux_at "route list"' -l json -d 'Print the routes as a JSON array'
complete -c llmux -n '__llmux_at "route remove" 0' -a '(__llmux_names routes)' -d Route

# settings
complete -c llmux -n '__llmux_at settings' -a list -d 'Show every setting with its value'
complete -c llmux -n '__llmux_at settings' -a set -d 'Change a setting'
complete -c llmux -n '__llmux_at settings' -a reset -d 'Go back to the default of a setting'
for __llmux_p in 'settings set' 'settings reset'
    complete -c llmux -n "__llmux_at '$__llmux_p' 0" -a '(__llmux_names settings)' -d Setting
end

# key
complete -c llmux -n '__llmux_at key' -a create -d 'Create a gateway key for a client (shown once)'
complete -c llmux -n '__llmux_at key' -a set -d 'Change the project of a key and what it may use'
complete -c llmux -n '__llmux_at key' -a list -d 'List gateway keys'
complete -c llmux -n '__llmux_at key' -a revoke -d 'Revoke a gateway key for good'
complete -c llmux -n '__llmux_at key' -a disable -d 'Stop accepting a gateway key for now'
complete -c llmux -n '__llmux_at key' -a enable -d 'Accept a disabled gateway key again'
complete -c llmux -n '__llmux_at "key create"' -l expires-in -x -d 'Days until the key expires'
complete -c llmux -n '__llmux_at "key create"' -l expires -x -d 'Expiry date, YYYY-MM-DD (UTC, end of day)'
for __llmux_p in 'key set' 'key revoke' 'key disable' 'key enable'
    complete -c llmux -n "__llmux_at '$__llmux_p' 0" -a '(__llmux_names keys)' -d 'Gateway key'
end
for __llmux_p in 'key create' 'key set'
    complete -c llmux -n "__llmux_at '$__llmux_p'" -l project -x -a '(__llmux_names projects)' -d 'Project the key belongs to'
    complete -c llmux -n "__llmux_at '$__llmux_p'" -l allow-model -x -a '(__llmux_names models)' -d 'A model name or pattern the key may use'
    complete -c llmux -n "__llmux_at '$__llmux_p'" -l allow-endpoint -x -a 'chat messages responses gemini embeddings completions models usage' -d 'An endpoint the key may use'
    complete -c llmux -n "__llmux_at '$__llmux_p'" -l scope -x -a 'inference read admin' -d 'What kind of key it is'
end
complete -c llmux -n '__llmux_at "key set"' -l no-project -d 'Take the key out of its project'
complete -c llmux -n '__llmux_at "key set"' -l any-model -d 'Let the key use every model again'
complete -c llmux -n '__llmux_at "key set"' -l any-endpoint -d 'Let the key use every endpoint again'

# project
complete -c llmux -n '__llmux_at ""' -a project -d 'Group gateway keys into projects'
complete -c llmux -n '__llmux_at project' -a add -d 'Add a project'
complete -c llmux -n '__llmux_at project' -a list -d 'List projects'
complete -c llmux -n '__llmux_at project' -a remove -d 'Remove a project (its keys keep working)'
complete -c llmux -n "__llmux_at 'project remove' 0" -a '(__llmux_names projects)' -d Project

# limit
complete -c llmux -n '__llmux_at ""' -a limit -d 'Rate limits by key, project, endpoint or model'
complete -c llmux -n '__llmux_at limit' -a add -d 'Add a rate limit'
complete -c llmux -n '__llmux_at limit' -a list -d 'List rate limits with their IDs'
complete -c llmux -n '__llmux_at limit' -a remove -d 'Remove a rate limit by ID'
complete -c llmux -n '__llmux_at "limit add"' -l global -d 'Count every request'
complete -c llmux -n '__llmux_at "limit add"' -l endpoint -x -a 'chat messages responses gemini embeddings completions models usage' -d 'Count one endpoint'
complete -c llmux -n '__llmux_at "limit add"' -l project -x -a '(__llmux_names projects)' -d 'Count the keys of a project'
complete -c llmux -n '__llmux_at "limit add"' -l key -x -a '(__llmux_names keys)' -d 'Count one gateway key'
complete -c llmux -n '__llmux_at "limit add"' -l model -x -a '(__llmux_names models)' -d 'Count a model name or pattern'
complete -c llmux -n '__llmux_at "limit add"' -l requests -x -d 'Requests per window, N/WINDOW (60/1m)'
complete -c llmux -n '__llmux_at "limit add"' -l tokens -x -d 'Tokens per window, N/WINDOW (100000/1h)'
complete -c llmux -n '__llmux_at "limit add"' -l concurrent -x -d 'Requests at once'

# budget
complete -c llmux -n '__llmux_at ""' -a budget -d 'Spending budgets and token quotas'
complete -c llmux -n '__llmux_at budget' -a set -d 'Set a budget (replaces the same subject and period)'
complete -c llmux -n '__llmux_at budget' -a list -d 'List budgets: spent, left, heading for'
complete -c llmux -n '__llmux_at budget' -a remove -d 'Remove a budget by ID'
complete -c llmux -n '__llmux_at "budget set"' -l global -d 'For every request'
complete -c llmux -n '__llmux_at "budget set"' -l project -x -a '(__llmux_names projects)' -d 'For the keys of a project'
complete -c llmux -n '__llmux_at "budget set"' -l key -x -a '(__llmux_names keys)' -d 'For one gateway key'
complete -c llmux -n '__llmux_at "budget set"' -l usd -x -d 'Spending in US$'
complete -c llmux -n '__llmux_at "budget set"' -l tokens -x -d 'Tokens, prompt and answer'
complete -c llmux -n '__llmux_at "budget set"' -l period -x -a 'day week month total' -d 'Budget period'
complete -c llmux -n '__llmux_at "budget set"' -l alert-at -x -a '50,80,100' -d 'Percents that raise an alert'
complete -c llmux -n '__llmux_at "budget set"' -l hard -d 'Refuse requests once spent'

# alert
complete -c llmux -n '__llmux_at ""' -a alert -d 'Send alerts to webhooks, chat apps and email'
complete -c llmux -n '__llmux_at alert' -a add -d 'Add a channel alerts are sent to'
complete -c llmux -n '__llmux_at alert' -a set -d "Change a channel's events, or turn it off and on"
complete -c llmux -n '__llmux_at alert' -a list -d 'List alert channels'
complete -c llmux -n '__llmux_at alert' -a test -d 'Send a test message to a channel'
complete -c llmux -n '__llmux_at alert' -a remove -d 'Remove a channel and its secrets'
complete -c llmux -n '__llmux_at alert' -a history -d 'Alerts sent and what each channel answered'
complete -c llmux -n '__llmux_at alert' -a events -d 'List the events a channel can get'
complete -c llmux -n '__llmux_at "alert add" 0' -a 'webhook slack dingtalk feishu email' -d 'Kind of channel'
complete -c llmux -n '__llmux_alert_add webhook' -l url -x -d "The webhook's address"
complete -c llmux -n '__llmux_alert_add webhook' -l url-env -x -a '(set -nx)' -d "Read the webhook's address from this environment variable"
complete -c llmux -n '__llmux_alert_add webhook' -l secret-env -x -a '(set -nx)' -d 'Read the signing secret from this environment variable'
complete -c llmux -n '__llmux_alert_add webhook' -l secret -x -a - -d 'Read the signing secret from standard input'
complete -c llmux -n '__llmux_alert_add email' -l smtp -x -a 'smtp:// smtps://' -d 'The mail server, smtp://HOST[:PORT]'
complete -c llmux -n '__llmux_alert_add email' -l from -x -d "The sender's address"
complete -c llmux -n '__llmux_alert_add email' -l to -x -d 'Who gets the mail (comma-separated)'
complete -c llmux -n '__llmux_alert_add email' -l user -x -d 'The login at the mail server'
complete -c llmux -n '__llmux_alert_add email' -l password-env -x -a '(set -nx)' -d "Read the login's password from this environment variable"
complete -c llmux -n '__llmux_alert_add email' -l password -x -a - -d 'Read the password from standard input'
complete -c llmux -n '__llmux_alert_add email' -l tls -x -a 'starttls tls none' -d 'How the connection is secured (default starttls)'
complete -c llmux -n '__llmux_alert_add email' -l ca-file -r -F -d 'Certificates to trust for the mail server'
for __llmux_p in 'alert add' 'alert set'
    complete -c llmux -n "__llmux_at '$__llmux_p'" -l events -x -a '(__llmux_alert_events)' -d 'Only these events (comma-separated)'
end
complete -c llmux -n '__llmux_at "alert set"' -l all-events -d 'Every event'
complete -c llmux -n '__llmux_at "alert set"' -l enable -d 'Send to it'
complete -c llmux -n '__llmux_at "alert set"' -l disable -d 'Send nothing to it for now'
for __llmux_p in 'alert set' 'alert test' 'alert remove'
    complete -c llmux -n "__llmux_at '$__llmux_p' 0" -a '(__llmux_names alerts)' -d 'Alert channel'
end
complete -c llmux -n '__llmux_at "alert history"' -l limit -x -d 'How many (default 20)'

# report
complete -c llmux -n '__llmux_at ""' -a report -d 'Usage and billing reports as CSV or JSON'
complete -c llmux -n '__llmux_at report' -a usage -d 'By day and by model'
complete -c llmux -n '__llmux_at report' -a billing -d 'By project and key, with budgets'
for __llmux_p in 'report usage' 'report billing'
    complete -c llmux -n "__llmux_at '$__llmux_p'" -l from -x -d 'First day, YYYY-MM-DD'
    complete -c llmux -n "__llmux_at '$__llmux_p'" -l to -x -d 'Last day, YYYY-MM-DD (included)'
    complete -c llmux -n "__llmux_at '$__llmux_p'" -l project -x -a '(__llmux_names projects)' -d 'Only this project'
    complete -c llmux -n "__llmux_at '$__llmux_p'" -l format -x -a 'csv json' -d 'File format'
    complete -c llmux -n "__llmux_at '$__llmux_p'" -l output -r -F -d 'File to write, - for the terminal'
end

