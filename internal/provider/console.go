package provider

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/console"
)

// The console road: when `console` is configured (the attribute, or one of its environment
// variables), the catalog goes through the official console gateway instead of the catalog
// contract over mTLS (design.md "The console backend"). Configure opens the one MCP session of
// the provider process, holds the gateway's tools against what the provider knows, finds the
// mini-app and hands the resources a catalog over that session. This is the only road on which
// Configure talks to the network.

var (
	envConsoleURL             = envVar{"APPSINTOSS_CONSOLE_URL", console.DefaultURL}
	envConsoleCredentials     = envVar{name: console.EnvCredentials}
	envConsoleCredentialsFile = envVar{name: console.EnvCredentialsFile}
	envConsoleCAFile          = envVar{name: "APPSINTOSS_CONSOLE_CA_CERTIFICATE_FILE"}
)

// consoleModel mirrors the `console` attribute.
type consoleModel struct {
	URL               types.String `tfsdk:"url"`
	CredentialsFile   types.String `tfsdk:"credentials_file"`
	CACertificateFile types.String `tfsdk:"ca_certificate_file"`
	WorkspaceID       types.String `tfsdk:"workspace_id"`
	MiniAppID         types.String `tfsdk:"mini_app_id"`
}

var consolePath = path.Root("console")

func consoleAttr(name string) path.Path { return consolePath.AtName(name) }

// consoleWanted reports whether the catalog takes the console road: the attribute is set, or
// any of the variables that only mean something for the console is (the CA file alone does not
// choose a road).
func consoleWanted(cfg providerModel) bool {
	if !cfg.Console.IsNull() {
		return true
	}
	for _, env := range []envVar{envConsoleURL, envConsoleCredentials, envConsoleCredentialsFile} {
		if os.Getenv(env.name) != "" {
			return true
		}
	}
	return false
}

// readConsoleModel returns the attribute's values (all null when only the environment chose the
// console road).
func readConsoleModel(ctx context.Context, cfg providerModel, diags *diag.Diagnostics) consoleModel {
	var m consoleModel
	if cfg.Console.IsNull() || cfg.Console.IsUnknown() {
		return consoleModel{URL: types.StringNull(), CredentialsFile: types.StringNull(),
			CACertificateFile: types.StringNull(), WorkspaceID: types.StringNull(), MiniAppID: types.StringNull()}
	}
	diags.Append(cfg.Console.As(ctx, &m, basetypes.ObjectAsOptions{})...)
	return m
}

// reportConsoleUnknowns refuses console settings known only after apply, like the others.
func reportConsoleUnknowns(ctx context.Context, cfg providerModel, diags *diag.Diagnostics) {
	if cfg.Console.IsNull() || cfg.Console.IsUnknown() {
		return // an unknown object is reported with the top-level attributes
	}
	m := readConsoleModel(ctx, cfg, diags)
	for name, v := range map[string]types.String{"url": m.URL, "credentials_file": m.CredentialsFile,
		"ca_certificate_file": m.CACertificateFile, "workspace_id": m.WorkspaceID, "mini_app_id": m.MiniAppID} {
		if v.IsUnknown() {
			diags.AddAttributeError(consoleAttr(name), "Unknown provider setting",
				fmt.Sprintf("The value of console.%s is not known until apply, but the provider needs it to reach the "+
					"console gateway during plan. Use a literal, a variable, a file path or an environment variable "+
					"instead of a value computed by another resource.", name))
		}
	}
}

// consoleOpening is what opening the console road needs besides its own attribute.
type consoleOpening struct {
	policy        client.PolicyConfig
	version       string
	certificateCN string
}

// openConsoleCatalog opens the console road and returns the catalog over it, or nil after adding
// the errors that stopped it.
func openConsoleCatalog(ctx context.Context, cfg providerModel, o consoleOpening, diags *diag.Diagnostics) client.Catalog {
	m := readConsoleModel(ctx, cfg, diags)
	if diags.HasError() {
		return nil
	}
	gatewayURL, urlFrom := settingFrom(m.URL, "console.url", envConsoleURL)
	if err := checkGatewayURL(gatewayURL); err != nil {
		diags.AddAttributeError(consoleAttr("url"), "Invalid console gateway URL",
			fmt.Sprintf("The console gateway URL %q (from %s) %v.", gatewayURL, urlFrom, err))
		return nil
	}
	creds, file := loadConsoleCredentials(m, diags)
	if creds == nil {
		return nil
	}
	if !sameGateway(creds.ConsoleURL, gatewayURL) {
		diags.AddAttributeError(consoleAttr("url"), "Console credentials are for another gateway",
			fmt.Sprintf("The console credentials (%s) were issued for %s, but the provider is set to use %s (from %s). "+
				"Tokens are never sent to a gateway they were not issued for. Set console.url (or %s) to %s, or sign "+
				"in to %s with `appsintoss login --console-url %s`.", file.describe(), creds.ConsoleURL, gatewayURL,
				urlFrom, envConsoleURL.name, creds.ConsoleURL, gatewayURL, gatewayURL))
		return nil
	}
	transport := consoleTransport(m, diags)
	if transport == nil {
		return nil
	}

	warnings := &tokenWarnings{ctx: ctx, collecting: true}
	defer warnings.report(diags)
	tokens, err := console.NewTokenSource(console.TokenSourceConfig{Credentials: creds, File: file.path,
		FileFrom: file.from, Warn: warnings.add,
		HTTPClient: &http.Client{Transport: transport, CheckRedirect: client.RefuseRedirects,
			Timeout: o.policy.RequestTimeout}})
	if err != nil {
		file.addError(diags, "Invalid console credentials", err.Error())
		return nil
	}
	session, err := console.OpenSession(ctx, console.SessionConfig{URL: gatewayURL, Transport: transport,
		Policy: o.policy, Tokens: tokens, Version: o.version})
	if err != nil {
		reportGatewayError(diags, file, "Could not open a session with the console gateway", err)
		return nil
	}
	tools, err := session.ListTools(ctx)
	if err != nil {
		reportGatewayError(diags, file, "Could not list the console gateway's tools", err)
		return nil
	}
	toolset, err := console.CheckTools(tools)
	if err != nil {
		diags.AddError("The console gateway's tools are not what this provider knows", err.Error())
		return nil
	}
	id, idWarnings, err := console.ResolveIdentity(ctx, session, toolset, console.IdentityConfig{
		WorkspaceID: m.WorkspaceID.ValueString(), MiniAppID: m.MiniAppID.ValueString(), CertificateCN: o.certificateCN})
	for _, w := range idWarnings {
		diags.AddWarning("Console mini-app and client certificate differ", w)
	}
	if err != nil {
		reportIdentityError(diags, file, m, err)
		return nil
	}
	tflog.Debug(ctx, "the catalog takes the console road", map[string]any{"console_url": gatewayURL,
		"workspace_id": id.WorkspaceID, "mini_app_id": id.MiniAppID})
	return console.NewCatalog(session, toolset, id)
}

// settingFrom is an attribute's value, else its environment variable's, else the default, and
// where it came from in words.
func settingFrom(v types.String, attr string, env envVar) (value, from string) {
	if !v.IsNull() && v.ValueString() != "" {
		return v.ValueString(), attr
	}
	if e := os.Getenv(env.name); e != "" {
		return e, "the environment variable " + env.name
	}
	return env.fallback, "the default"
}

// checkGatewayURL refuses what cannot carry an access token safely.
func checkGatewayURL(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil || u.Host == "":
		return errors.New("is not an absolute URL")
	case u.Scheme != "https":
		return errors.New("must be an https URL: the session carries the console access token")
	}
	return nil
}

// sameGateway compares two gateway URLs as OAuth clients compare resources: scheme and host case
// aside, byte for byte, a trailing slash aside.
func sameGateway(a, b string) bool {
	ua, errA := url.Parse(a)
	ub, errB := url.Parse(b)
	if errA != nil || errB != nil {
		return false
	}
	return strings.EqualFold(ua.Scheme, ub.Scheme) && strings.EqualFold(ua.Host, ub.Host) &&
		strings.TrimSuffix(ua.EscapedPath(), "/") == strings.TrimSuffix(ub.EscapedPath(), "/")
}

// credentialsOrigin says where the credentials came from: a file (and what named it), or the
// environment variable, so that errors can blame the right setting and say what to update.
type credentialsOrigin struct {
	path string // "" when they came from APPSINTOSS_CONSOLE_CREDENTIALS
	from string // "console.credentials_file", the variable, or "the default location"
}

func (o credentialsOrigin) describe() string {
	if o.path == "" {
		return "from the environment variable " + envConsoleCredentials.name
	}
	return fmt.Sprintf("the file %s, from %s", o.path, o.from)
}

// addError blames console.credentials_file when the file is at fault, the provider otherwise.
func (o credentialsOrigin) addError(diags *diag.Diagnostics, summary, detail string) {
	if o.path == "" {
		diags.AddError(summary, detail)
		return
	}
	diags.AddAttributeError(consoleAttr("credentials_file"), summary, detail)
}

// loadConsoleCredentials reads APPSINTOSS_CONSOLE_CREDENTIALS when it is set (it wins over any
// file), else the credentials file: console.credentials_file, APPSINTOSS_CONSOLE_CREDENTIALS_FILE,
// or where `appsintoss login` writes by default.
func loadConsoleCredentials(m consoleModel, diags *diag.Diagnostics) (*console.Credentials, credentialsOrigin) {
	if text := os.Getenv(envConsoleCredentials.name); text != "" {
		origin := credentialsOrigin{from: envConsoleCredentials.name}
		creds, err := console.CredentialsFromEnv(text)
		if err != nil {
			diags.AddError("Invalid console credentials", err.Error())
			return nil, origin
		}
		return creds, origin
	}
	file, from := settingFrom(m.CredentialsFile, "console.credentials_file", envConsoleCredentialsFile)
	if file == "" {
		def, err := console.DefaultCredentialsPath()
		if err != nil {
			diags.AddAttributeError(consoleAttr("credentials_file"), "No console credentials file", err.Error()+
				". Set console.credentials_file or "+envConsoleCredentialsFile.name+".")
			return nil, credentialsOrigin{}
		}
		file, from = def, "the default location"
	}
	origin := credentialsOrigin{path: file, from: from}
	creds, err := console.ReadCredentialsFile(file, from)
	if err != nil {
		origin.addError(diags, "Unusable console credentials file", err.Error())
		return nil, origin
	}
	return creds, origin
}

// consoleTransport is the HTTP transport of the console road: keep-alive, TLS 1.2 or later, the
// server verified against the system roots plus console.ca_certificate_file.
func consoleTransport(m consoleModel, diags *diag.Diagnostics) http.RoundTripper {
	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12}
	caFile, caFrom := settingFrom(m.CACertificateFile, "console.ca_certificate_file", envConsoleCAFile)
	if caFile != "" {
		pemBytes, err := os.ReadFile(caFile)
		if err != nil {
			diags.AddAttributeError(consoleAttr("ca_certificate_file"), "Unreadable console CA certificate file",
				fmt.Sprintf("The CA certificate file %q (from %s) could not be read: %v. Check the path and its permissions.",
					caFile, caFrom, osErrorReason(err)))
			return nil
		}
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pemBytes) {
			diags.AddAttributeError(consoleAttr("ca_certificate_file"), "Invalid console CA certificate file",
				fmt.Sprintf("No PEM certificate could be read from %q (from %s). Expected one or more blocks that start "+
					"with \"-----BEGIN CERTIFICATE-----\", such as the emulator's ca.pem.", caFile, caFrom))
			return nil
		}
		tlsConfig.RootCAs = pool
	}
	base, _ := http.DefaultTransport.(*http.Transport)
	transport := base.Clone()
	transport.TLSClientConfig = tlsConfig
	return transport
}

// reportGatewayError explains a failure to talk to the gateway at all: credentials that no longer
// work (sign in again; in CI, update the variable), or a gateway that could not be reached.
func reportGatewayError(diags *diag.Diagnostics, file credentialsOrigin, summary string, err error) {
	var login *console.LoginRequiredError
	if errors.As(err, &login) {
		file.addError(diags, "Console sign-in required", login.Error())
		return
	}
	diags.AddAttributeError(consoleAttr("url"), summary, fmt.Sprintf("%v\n\nCheck console.url (or %s), and "+
		"console.ca_certificate_file (or %s) when the gateway's certificate is not signed by a public CA.",
		err, envConsoleURL.name, envConsoleCAFile.name))
}

// reportIdentityError blames the attribute that chose the mini-app, when one did.
func reportIdentityError(diags *diag.Diagnostics, file credentialsOrigin, m consoleModel, err error) {
	var (
		login   *console.LoginRequiredError
		refusal client.Refusal
	)
	switch {
	case errors.As(err, &login):
		file.addError(diags, "Console sign-in required", login.Error())
	case errors.As(err, &refusal) && !refusal.NotFound():
		diags.AddError("The console gateway refused to list workspaces or mini-apps", err.Error())
	case m.MiniAppID.ValueString() != "":
		diags.AddAttributeError(consoleAttr("mini_app_id"), "Console mini-app not found", err.Error())
	case m.WorkspaceID.ValueString() != "":
		diags.AddAttributeError(consoleAttr("workspace_id"), "Console mini-app not found", err.Error())
	default:
		diags.AddError("Console mini-app not found", err.Error())
	}
}

// tokenWarnings receives the token source's warnings (a refreshed token set that could not be
// written back): as diagnostics while Configure runs, as log lines afterwards, when no response
// is left to carry them.
type tokenWarnings struct {
	ctx        context.Context
	mu         sync.Mutex
	collecting bool
	collected  []string
}

func (w *tokenWarnings) add(message string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.collecting {
		w.collected = append(w.collected, message)
		return
	}
	tflog.Warn(w.ctx, message)
}

func (w *tokenWarnings) report(diags *diag.Diagnostics) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.collecting = false
	for _, m := range w.collected {
		diags.AddAttributeWarning(consoleAttr("credentials_file"), "Console credentials not written back", m)
	}
}
