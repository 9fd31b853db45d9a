package main

// The project's command spec: the facts of each Redis 7.0 command (no
// prose), as stored in commands.json. It mirrors the layout of Redis's own
// src/commands/*.json so that -import is a plain copy of the facts.

type commandSpec struct {
	Name            string    `json:"name"`                // upper case, e.g. "KILL"
	Container       string    `json:"container,omitempty"` // e.g. "CLIENT" for CLIENT KILL
	Group           string    `json:"group"`
	Since           string    `json:"since"`
	Arity           int       `json:"arity"`
	Complexity      string    `json:"complexity,omitempty"`
	Flags           []string  `json:"command_flags,omitempty"`
	ACLCategories   []string  `json:"acl_categories,omitempty"`
	KeySpecs        []keySpec `json:"key_specs,omitempty"`
	Arguments       []argSpec `json:"arguments,omitempty"`
	Tips            []string  `json:"command_tips,omitempty"`
	DocFlags        []string  `json:"doc_flags,omitempty"`
	DeprecatedSince string    `json:"deprecated_since,omitempty"`
	ReplacedBy      string    `json:"replaced_by,omitempty"`
	// GetKeys marks commands whose keys Redis finds with a dedicated
	// function; COMMAND INFO shows them as movablekeys.
	GetKeys bool `json:"getkeys,omitempty"`
}

type keySpec struct {
	Flags       []string    `json:"flags"`
	BeginSearch beginSearch `json:"begin_search"`
	FindKeys    findKeys    `json:"find_keys"`
}

type beginSearch struct {
	Index *struct {
		Pos int `json:"pos"`
	} `json:"index,omitempty"`
	Keyword *struct {
		Keyword   string `json:"keyword"`
		StartFrom int    `json:"startfrom"`
	} `json:"keyword,omitempty"`
	Unknown *struct{} `json:"unknown,omitempty"`
}

type findKeys struct {
	Range *struct {
		LastKey int `json:"lastkey"`
		Step    int `json:"step"`
		Limit   int `json:"limit"`
	} `json:"range,omitempty"`
	KeyNum *struct {
		KeyNumIdx int `json:"keynumidx"`
		FirstKey  int `json:"firstkey"`
		Step      int `json:"step"`
	} `json:"keynum,omitempty"`
	Unknown *struct{} `json:"unknown,omitempty"`
}

type argSpec struct {
	Name            string    `json:"name"`
	Type            string    `json:"type"`
	Token           string    `json:"token,omitempty"`
	KeySpecIndex    *int      `json:"key_spec_index,omitempty"`
	Optional        bool      `json:"optional,omitempty"`
	Multiple        bool      `json:"multiple,omitempty"`
	MultipleToken   bool      `json:"multiple_token,omitempty"`
	Since           string    `json:"since,omitempty"`
	DeprecatedSince string    `json:"deprecated_since,omitempty"`
	Arguments       []argSpec `json:"arguments,omitempty"`
}
