package emulator

import (
	"net"
	"strings"
)

// hosts is what one listener stands for. Production has two hosts (reference §1.1):
// apps-in-toss-api.toss.im for everything but Toss Pay, and pay-apps-in-toss-api.toss.im for
// Toss Pay alone; a client that sends a pay call to the first host fails there (§13.3).
type hosts int

const (
	// bothHosts answers every path on one address (Serve): the convenient default.
	bothHosts hosts = iota
	// apiHost is apps-in-toss-api: Toss Pay paths are unknown here (ServeAPI).
	apiHost
	// payHost is pay-apps-in-toss-api: only Toss Pay paths are known here (ServePay).
	payHost
)

// serves says whether a listener for h answers path. The admin surface is on every listener: it
// is not part of Apps in Toss, and tests should not have to know which address to call it on.
func (h hosts) serves(path string) bool {
	if strings.HasPrefix(path, adminPrefix) {
		return true
	}
	pay := strings.HasPrefix(path, partnerPrefix+"/pay/")
	switch h {
	case apiHost:
		return !pay
	case payHost:
		return pay
	}
	return true
}

// ServeAPI accepts TLS connections on ln as apps-in-toss-api.toss.im: every partner and catalog
// path except Toss Pay's, which answer 404 like any unknown path. Pair it with ServePay.
func (e *Emulator) ServeAPI(ln net.Listener) error { return e.serve(ln, apiHost) }

// ServePay accepts TLS connections on ln as pay-apps-in-toss-api.toss.im: Toss Pay paths only.
func (e *Emulator) ServePay(ln net.Listener) error { return e.serve(ln, payHost) }
