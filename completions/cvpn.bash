
_cvpn_complete() {
    local IFS=$' \t\n'
    local line="${COMP_LINE:0:$COMP_POINT}"
    local -a words
    read -ra words <<< "$line"
    if [[ -z "$line" || "$line" =~ [[:space:]]$ ]]; then
        words+=("")
    fi
    local index=$(( ${#words[@]} - 1 ))
    local current="${words[$index]#[\"\']}"
    # readline replaces only the text after its last word break (= or :), inside any opening
    # quote; answers are whole words.
    local before="${current%"$2"}"
    IFS=$'\013'
    COMPREPLY=( $( \
        _CLAP_IFS="$IFS" \
        _CLAP_COMPLETE_INDEX="$index" \
        _CLAP_COMPLETE_COMP_TYPE="${COMP_TYPE}" \
        COMPLETE="bash" \
        "cvpn" -- "${words[@]}" \
    ) )
    if [[ $? != 0 ]]; then
        unset COMPREPLY
        return
    fi
    if [[ -n "$before" ]]; then
        COMPREPLY=( "${COMPREPLY[@]#"$before"}" )
    fi
    if [[ ${#COMPREPLY[@]} -eq 1 && ! "${COMPREPLY[0]}" =~ [=/:{\[]$ ]]; then
        COMPREPLY[0]+=" "
    fi
}
complete -o nospace -o bashdefault -F _cvpn_complete cvpn
