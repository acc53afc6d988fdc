# bash completion for llmux(1)                                  -*- shell-script -*-
# Commands, subcommands and options follow `llmux ... --help`. Names of providers, models, keys,
# routes, settings and alert channels come from the llmux commands that list them, but only when
# the data folder already has a database: completing never creates one.

# The data folder the command line being completed would use.
_llmux_data_dir()
{
    local i
    for ((i = 1; i < ${#words[@]}; i++)); do
        case ${words[i]} in
            --data-dir=?*) printf '%s\n' "${words[i]#--data-dir=}"; return ;;
            --data-dir) [[ -n ${words[i + 1]-} ]] && { printf '%s\n' "${words[i + 1]}"; return; } ;;
        esac
    done
    if [[ -n ${LLMUX_DATA_DIR-} ]]; then
        printf '%s\n' "$LLMUX_DATA_DIR"
    else
        printf '%s\n' "${XDG_DATA_HOME:-$HOME/.local/share}/LLMux"
    fi
}

# _llmux_names providers|models|keys|projects|routes|settings|alerts: the names the user has
# configured.
_llmux_names()
{
    local dir program=${words[0]}
    dir=$(_llmux_data_dir)
    dir=${dir/#\~/$HOME}
    [[ -f $dir/llmux.sqlite ]] || return
    local limit=()
    type -P timeout >/dev/null && limit=(timeout 3)
    case $1 in
        providers) "${limit[@]}" "$program" --data-dir "$dir" provider list 2>/dev/null |
            awk '/ key=/ { print $1 }' ;;
        models) "${limit[@]}" "$program" --data-dir "$dir" model list 2>/dev/null |
            awk '/ -> / { print $1 }' ;;
        keys) "${limit[@]}" "$program" --data-dir "$dir" key list 2>/dev/null |
            awk '/ created / { print $1 }' ;;
        projects) "${limit[@]}" "$program" --data-dir "$dir" project list 2>/dev/null |
            awk '/ keys?$/ { print $1 }' ;;
        routes) "${limit[@]}" "$program" --data-dir "$dir" route list --json 2>/dev/null |
            sed -n 's/^ *"pattern": *"\(.*\)",\{0,1\}$/\1/p' ;;
        settings) "${limit[@]}" "$program" --data-dir "$dir" settings list 2>/dev/null |
            awk '$1 ~ /^[a-z_]+\.[a-z_]+$/ { print $1 }' ;;
        alerts) "${limit[@]}" "$program" --data-dir "$dir" alert list 2>/dev/null |
            awk '$1 ~ /^[0-9]+$/ { print $2 }' ;;
    esac
}

_llmux_presets()
{
    local limit=()
    type -P timeout >/dev/null && limit=(timeout 3)
    "${limit[@]}" "${words[0]}" provider presets 2>/dev/null | awk 'NF { print $1 }'
}

# Completes $cur from the words given, one per line, keeping names with special characters whole.
_llmux_reply()
{
    local IFS=$'\n'
    # shellcheck disable=SC2207 # one candidate per line is the point
    COMPREPLY=($(compgen -W "$1" -- "$cur"))
}

_llmux()
{
    local cur prev words cword split=false
    if declare -F _init_completion >/dev/null; then
        _init_completion -s -n : || return
    else
        cur=${COMP_WORDS[COMP_CWORD]}
        prev=${COMP_WORDS[COMP_CWORD - 1]-}
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
        # Without bash-completion, "--opt=value" arrives as "--opt" "=" "value".
        if [[ $cur == = ]]; then
            cur="" split=true
        elif [[ $prev == = ]]; then
            prev=${COMP_WORDS[COMP_CWORD - 2]-} split=true
        fi
    fi

    local timeouts="--connect-timeout --first-byte-timeout --idle-timeout --total-timeout"
    local with_value="--data-dir --host --port --kind --base-url --preset --api-key-env --api-key
        $timeouts --proxy --no-proxy --responses --label --provider --upstream-model --price-in --price-out
        --strategy --target --expires-in --expires --model --key --tools --images --reasoning
        --responses-only --context --max-output --project --allow-model --allow-endpoint --scope
        --endpoint --requests --tokens --concurrent --usd --period --alert-at --from --to --format
        --output --url --url-env --secret-env --secret --smtp --user --password-env --password --tls
        --ca-file --events --limit"

    # The option before the cursor wants a value.
    case $prev in
        --data-dir)
            compopt -o filenames 2>/dev/null
            local IFS=$'\n'
            # shellcheck disable=SC2207
            COMPREPLY=($(compgen -d -- "$cur"))
            return ;;
        --preset) _llmux_reply "$(_llmux_presets)"; return ;;
        --kind) _llmux_reply $'openai\nanthropic\ngemini\nazure'; return ;;
        --strategy) _llmux_reply $'failover\nround-robin\nweighted\nlatency\ncost'; return ;;
        --responses) _llmux_reply $'auto\nnative\ntranslate'; return ;;
        --tools | --images | --reasoning | --responses-only) _llmux_reply $'yes\nno\nauto'; return ;;
        --context | --max-output) _llmux_reply 'auto'; return ;;
        --proxy)
            _llmux_reply $'none\nsystem\nhttp://\nsocks5://'
            [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *// ]] && compopt -o nospace 2>/dev/null
            return ;;
        --smtp)
            _llmux_reply $'smtp://\nsmtps://'
            [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *// ]] && compopt -o nospace 2>/dev/null
            return ;;
        --tls) _llmux_reply $'starttls\ntls\nnone'; return ;;
        --events)
            # A comma-separated list: the event after the last comma.
            local events="budget-threshold budget-exhausted limit-hit key-rejected provider-down
                provider-recovered route-failing key-expiring" given=""
            [[ $cur == *,* ]] && given=${cur%,*},
            # shellcheck disable=SC2207
            COMPREPLY=($(compgen -P "$given" -W "$events" -- "${cur##*,}"))
            return ;;
        --api-key | --secret | --password) _llmux_reply '-'; return ;;
        --api-key-env | --url-env | --secret-env | --password-env)
            local IFS=$'\n'
            # shellcheck disable=SC2207
            COMPREPLY=($(compgen -e -- "$cur"))
            return ;;
        --host) _llmux_reply $'127.0.0.1\n::1\n0.0.0.0'; return ;;
        --provider) _llmux_reply "$(_llmux_names providers)"; return ;;
        --model | --allow-model) _llmux_reply "$(_llmux_names models)"; return ;;
        --project) _llmux_reply "$(_llmux_names projects)"; return ;;
        --key)
            [[ ${words[1]-} == limit || ${words[1]-} == budget ]] && _llmux_reply "$(_llmux_names keys)"
            return ;;
        --allow-endpoint | --endpoint)
            _llmux_reply $'chat\nmessages\nresponses\ngemini\nembeddings\ncompletions\nmodels\nusage'
            return ;;
        --scope) _llmux_reply $'inference\nread\nadmin'; return ;;
        --period) _llmux_reply $'day\nweek\nmonth\ntotal'; return ;;
        --format) _llmux_reply $'csv\njson'; return ;;
        --output | --ca-file)
            compopt -o filenames 2>/dev/null
            local IFS=$'\n'
            # shellcheck disable=SC2207
            COMPREPLY=($(compgen -f -- "$cur"))
            return ;;
        --alert-at) _llmux_reply '50,80,100'; return ;;
        --target)
            # PROVIDER:MODEL[:WEIGHT]: the provider part.
            if [[ $cur != *:* ]]; then
                compopt -o nospace 2>/dev/null
                _llmux_reply "$(_llmux_names providers | sed 's/$/:/')"
            fi
            return ;;
    esac
    [[ " ${with_value//$'\n'/ } " == *" $prev "* ]] && return
    $split && return

    # The command path (e.g. "provider key add") and the arguments after it, options skipped.
    local path=() args=0 first="" i w
    for ((i = 1; i < cword; i++)); do
        w=${words[i]}
        if [[ $w == -* ]]; then
            [[ $w != *=* && " ${with_value//$'\n'/ } " == *" $w "* ]] && ((i++))
            continue
        fi
        case "${path[*]}" in
            "" | provider | model | route | settings | key | project | limit | budget | alert | report | "provider key") path+=("$w") ;;
            *) ((args == 0)) && first=$w; ((args++)) ;;
        esac
    done

    local common="--data-dir --help --help-all"
    local options="" commands="" names=""
    case "${path[*]}" in
        "") commands="serve status provider model route health settings key project limit budget alert report connect"
            options="--data-dir --help --version" ;;
        serve) options="--host --port" ;;
        status) ;;
        health) options="--check --json" ;;
        provider) commands="add set list remove test presets key" ;;
        "provider add") options="--kind --base-url --preset --api-key-env --api-key --no-key $timeouts" ;;
        "provider set")
            options="$timeouts --enable --disable --base-url --proxy --no-proxy --responses"
            ((args == 0)) && names=providers ;;
        "provider remove" | "provider test") ((args == 0)) && names=providers ;;
        "provider list" | "provider presets") ;;
        "provider key") commands="add list remove" ;;
        "provider key add")
            options="--api-key-env --api-key --label"
            ((args == 0)) && names=providers ;;
        "provider key list" | "provider key remove") ((args == 0)) && names=providers ;;
        model) commands="add set show list remove enable disable" ;;
        "model add") options="--provider --upstream-model --price-in --price-out" ;;
        "model set")
            options="--tools --images --reasoning --responses-only --context --max-output"
            ((args == 0)) && names=models ;;
        "model show") ((args == 0)) && names=models ;;
        "model remove" | "model enable" | "model disable") ((args == 0)) && names=models ;;
        route) commands="add list remove" ;;
        "route add") options="--strategy --target --replace" ;;
        "route list") options="--json" ;;
        "route remove") ((args == 0)) && names=routes ;;
        settings) commands="list set reset" ;;
        "settings set" | "settings reset") ((args == 0)) && names=settings ;;
        key) commands="create set list revoke disable enable" ;;
        "key create") options="--expires-in --expires --project --allow-model --allow-endpoint --scope" ;;
        "key set")
            options="--project --no-project --allow-model --any-model --allow-endpoint
              --any-endpoint --scope"
            ((args == 0)) && names=keys ;;
        project) commands="add list remove" ;;
        limit) commands="add list remove" ;;
        budget) commands="set list remove" ;;
        report) commands="usage billing" ;;
        "report usage" | "report billing") options="--from --to --project --format --output" ;;
        "budget set") options="--global --project --key --usd --tokens --period --alert-at --hard" ;;
        "limit add")
            options="--global --endpoint --project --key --model --requests --tokens --concurrent" ;;
        alert) commands="add set list test remove history events" ;;
        "alert add")
            # The options of the kind of channel given, or of every kind until one is.
            local webhook="--url --url-env --secret-env --secret"
            local email="--smtp --from --to --user --password-env --password --tls --ca-file"
            case $first in
                webhook | slack | dingtalk | feishu) options="$webhook --events" ;;
                email) options="$email --events" ;;
                *) options="$webhook $email --events" ;;
            esac
            ((args == 0)) && commands="webhook slack dingtalk feishu email" ;;
        "alert set")
            options="--events --all-events --enable --disable"
            ((args == 0)) && names=alerts ;;
        "alert test" | "alert remove") ((args == 0)) && names=alerts ;;
        "alert list" | "alert events") ;;
        "alert history") options="--limit" ;;
        "project remove") ((args == 0)) && names=projects ;;
        "key revoke" | "key disable" | "key enable") ((args == 0)) && names=keys ;;
        connect)
            options="--model --key --dry-run --undo --status"
            ((args == 0)) && commands="claude-code codex gemini-cli" ;;
        *) return ;;
    esac

    if [[ $cur == -* ]]; then
        [[ -n "${path[*]}" ]] && options="$options $common"
        # shellcheck disable=SC2207
        COMPREPLY=($(compgen -W "$options" -- "$cur"))
        return
    fi
    if [[ -n $commands ]]; then
        # shellcheck disable=SC2207
        COMPREPLY=($(compgen -W "$commands" -- "$cur"))
    elif [[ -n $names ]]; then
        _llmux_reply "$(_llmux_names "$names")"
    fi
} &&
    complete -F _llmux llmux

# ex: filetype=sh
