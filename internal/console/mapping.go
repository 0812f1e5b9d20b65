package console

import "github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"

// The mapping: THE one place that says how the catalog's operations become console tool calls and
// how the tools' answers become the client's catalog types. It is data, drawn from what is known:
//
//   - tool names are official (reference §13.1, design.md "The console backend");
//   - argument and answer names are inferred: the console's own field names (reference §4.2,
//     §13.2: name/productName, price/netPrice, type/productType, currentInspection) come first,
//     then the catalog contract's (api/openapi.yaml), which is what the client types carry;
//   - every name here is checked against the gateway's live tools/list before anything is sent
//     (check.go), and nothing is guessed at call time (arguments.go, answers.go).
//
// "Our" name of a value is always its JSON name in the catalog contract: the client.*Input
// types marshal to exactly those names, and the client types unmarshal from them, so the mapping
// never needs Go field names.

// Tool names.
const (
	toolWorkspaceList = "workspace_list"
	toolMiniAppList   = "miniapp_list"

	toolPushTemplateList   = "push_template_list"
	toolPushTemplateCreate = "push_template_create"
	toolPushTemplateUpdate = "push_template_update"

	toolPromotionList          = "promotion_list"
	toolPromotionGet           = "promotion_get"
	toolPromotionCreate        = "promotion_create"
	toolPromotionModify        = "promotion_modify"
	toolPromotionChangeStatus  = "promotion_change_status"
	toolPromotionReviewComment = "promotion_review_comment"

	toolIAPProductList             = "iap_product_list"
	toolIAPProductGet              = "iap_product_get"
	toolIAPProductCreateInspection = "iap_product_create_inspection"
	toolIAPProductUpdateInspection = "iap_product_update_inspection"
	toolIAPProductChangeStatus     = "iap_product_change_status"
)

// kind is the JSON shape of a value as the provider holds it.
type kind int

const (
	kindString  kind = iota + 1
	kindInteger      // a whole number
	kindBoolean
	kindID      // an id the provider keeps as a string; a tool may declare it integer or string
	kindObjects // an array of objects, whose properties are mapped by items
)

// need says what happens when a tool's schema has no property for an argument.
type need int

const (
	// mustSend: the call means nothing without it (identity, the object's id, a field the
	// catalog contract requires). A tool with no property for it fails the configure-time check.
	mustSend need = iota + 1
	// sendIfSet: optional user data. Sent when set (and when the tool requires it, even unset);
	// a set value that no property takes fails the call before it is sent.
	sendIfSet
	// sendIfAccepted: a hint of ours (paging, the console's fixed currency), or a value that
	// cannot change after creation. Sent when the tool has a property for it, else left out.
	sendIfAccepted
)

// origin is where an argument's value comes from.
type origin int

const (
	fromIdentity origin = iota + 1 // the resolved workspace and mini-app (Identity)
	fromID                         // the addressed object's id
	fromInput                      // a field of the client.*Input, by its contract JSON name
	fromCall                       // something the operation decides: a status, a page
	fromConstant                   // a fixed value
)

// source names a value: its origin and its key there (or, for a constant, the value itself).
type source struct {
	origin origin
	key    string
	value  any
}

func identity(key string) source { return source{origin: fromIdentity, key: key} }
func objectID(key string) source { return source{origin: fromID, key: key} }
func input(key string) source    { return source{origin: fromInput, key: key} }
func call(key string) source     { return source{origin: fromCall, key: key} }
func constant(v any) source      { return source{origin: fromConstant, value: v} }

// argument is one value a tool call carries.
type argument struct {
	field string   // our name, for messages: the contract's name of the value
	names []string // the tool's property names that may take it, preferred first
	kind  kind
	need  need
	from  source
	// absent is what the contract means by an unset value (its documented default), sent in its
	// place when the tool takes the property; nil when unset means nothing in particular.
	absent any
	items  []argument // kindObjects: each element's properties (their sources are input keys of the element)
}

// answerField is one field of a client type and where a tool's answer holds it.
type answerField struct {
	field string   // the client type's JSON name (the contract's)
	paths []string // where the answer may hold it, preferred first; "a.b" is property b of object a
	kind  kind
	// required: an answer without it is an error. Optional fields decode to the zero value.
	required bool
	// statuses maps the answer's values to ours; a value not in it is an error, never a guess.
	statuses map[string]string
	// whenAbsent derives the value when no path holds it (an inference, said where it is set).
	whenAbsent func(answer map[string]any) (any, bool)
	items      []answerField // kindObjects: each element's fields
}

// answerShape is the shape of a tool's answer: one object, or a list of them under a property
// (paged lists also carry totalPage, see pageTotalPath).
type answerShape struct {
	list   string // "" for a single object
	paged  bool
	fields []answerField
}

// pageTotalPath is where a paged list answer says how many pages there are (the contract's and
// the console's page object: {contents, totalPage, currentPage}).
const pageTotalPath = "totalPage"

// toolMapping is everything the provider knows about one tool.
type toolMapping struct {
	args   []argument
	answer answerShape
	// safety says whether the session may send the call again when its outcome is unknown: reads
	// may; full replacements and status changes may (doing them twice does what once does);
	// creates may not, since the gateway takes no idempotency key and a resend could make a
	// second object.
	safety client.Safety
}

// Arguments every tool below the workspace level carries.
var (
	workspaceArg = argument{field: "workspaceId", names: []string{"workspaceId"}, kind: kindID, need: mustSend,
		from: identity("workspaceId")}
	miniAppArg = argument{field: "miniAppId", names: []string{"miniAppId"}, kind: kindID, need: mustSend,
		from: identity("miniAppId")}
	// Lists ask for the largest page the contract allows; a gateway without paging arguments
	// answers its default page, and listing notices when that is not everything.
	pageArg = argument{field: "page", names: []string{"page"}, kind: kindInteger, need: sendIfAccepted, from: call("page")}
	sizeArg = argument{field: "size", names: []string{"size"}, kind: kindInteger, need: sendIfAccepted, from: call("size")}
)

func listArgs() []argument { return []argument{workspaceArg, miniAppArg, pageArg, sizeArg} }

func idArg(name string) argument {
	return argument{field: name, names: []string{name}, kind: kindID, need: mustSend, from: objectID(name)}
}

func statusArg() argument {
	return argument{field: "status", names: []string{"status"}, kind: kindString, need: mustSend, from: call("status")}
}

// Push templates: the console and the contract use the same names (reference §5.1).
func pushTemplateFields(code need) []argument {
	return []argument{
		{field: "code", names: []string{"code"}, kind: kindString, need: code, from: input("code")},
		{field: "name", names: []string{"name"}, kind: kindString, need: mustSend, from: input("name")},
		{field: "title", names: []string{"title"}, kind: kindString, need: mustSend, from: input("title")},
		{field: "body", names: []string{"body"}, kind: kindString, need: mustSend, from: input("body")},
		{field: "landingUrl", names: []string{"landingUrl"}, kind: kindString, need: sendIfSet, from: input("landingUrl")},
		{field: "agreementRequired", names: []string{"agreementRequired"}, kind: kindBoolean, need: sendIfSet,
			from: input("agreementRequired")},
	}
}

// Promotions (reference §6.1). benefitTabExposed cannot change after creation, so a modify tool
// that does not take it loses nothing.
func promotionFields(benefitTab need) []argument {
	return []argument{
		{field: "name", names: []string{"name"}, kind: kindString, need: mustSend, from: input("name")},
		{field: "missionName", names: []string{"missionName"}, kind: kindString, need: mustSend, from: input("missionName")},
		{field: "benefitTabExposed", names: []string{"benefitTabExposed"}, kind: kindBoolean, need: benefitTab,
			from: input("benefitTabExposed")},
		{field: "landingUrl", names: []string{"landingUrl"}, kind: kindString, need: sendIfSet, from: input("landingUrl")},
		{field: "totalBudget", names: []string{"totalBudget"}, kind: kindInteger, need: mustSend, from: input("totalBudget")},
		{field: "maxAmountPerUserPerDay", names: []string{"maxAmountPerUserPerDay"}, kind: kindInteger, need: mustSend,
			from: input("maxAmountPerUserPerDay")},
		{field: "grantType", names: []string{"grantType"}, kind: kindString, need: mustSend, from: input("grantType")},
		{field: "amount", names: []string{"amount"}, kind: kindInteger, need: mustSend, from: input("amount")},
	}
}

// IAP products: the console's create body (reference §13.2) names them type, name, price; its
// read model productType, productName, netPrice. Both are accepted, the create body's first.
// type and postInspectionStatus only matter at creation (the contract: type must equal the stored
// one; postInspectionStatus is the state taken on the first approval), so an update tool that
// does not take them loses nothing.
func iapProductFields(creation need) []argument {
	return []argument{
		{field: "type", names: []string{"type", "productType"}, kind: kindString, need: creation, from: input("type")},
		{field: "name", names: []string{"name", "productName"}, kind: kindString, need: mustSend, from: input("name")},
		{field: "description", names: []string{"description"}, kind: kindString, need: sendIfSet, from: input("description")},
		{field: "price", names: []string{"price", "netPrice"}, kind: kindInteger, need: mustSend, from: input("price")},
		{field: "iconImgUrl", names: []string{"iconImgUrl"}, kind: kindString, need: sendIfSet, from: input("iconImgUrl")},
		{field: "minDeploymentId", names: []string{"minDeploymentId"}, kind: kindString, need: sendIfSet,
			from: input("minDeploymentId")},
		{field: "postInspectionStatus", names: []string{"postInspectionStatus"}, kind: kindString,
			need: postInspectionNeed(creation), from: input("postInspectionStatus"), absent: client.CatalogActive},
		{field: "renewalCycle", names: []string{"renewalCycle"}, kind: kindString, need: sendIfSet, from: input("renewalCycle")},
		{field: "discountPolicies", names: []string{"discountPolicies"}, kind: kindObjects, need: sendIfSet,
			from: input("discountPolicies"), items: discountPolicyFields},
	}
}

func postInspectionNeed(creation need) need {
	if creation == mustSend {
		return sendIfSet
	}
	return sendIfAccepted
}

var discountPolicyFields = []argument{
	{field: "type", names: []string{"type"}, kind: kindString, need: mustSend, from: input("type")},
	{field: "period", names: []string{"period"}, kind: kindString, need: sendIfSet, from: input("period")},
	{field: "durationMonths", names: []string{"durationMonths"}, kind: kindInteger, need: sendIfSet,
		from: input("durationMonths")},
	{field: "discountedPrice", names: []string{"discountedNetPrice", "discountedPrice"}, kind: kindInteger,
		need: sendIfSet, from: input("discountedPrice")},
}

// consoleFixedFields are constants of the console's create body (reference §13.2): sent when
// the tool has a property for them.
var consoleFixedFields = []argument{
	{field: "currency", names: []string{"currency"}, kind: kindString, need: sendIfAccepted, from: constant("KRW")},
	{field: "defaultLocale", names: []string{"defaultLocale"}, kind: kindString, need: sendIfAccepted,
		from: constant("KO_KR")},
}

// Status values, ours on the right. A value the console sends that is not here is an error.
var (
	reviewStatuses = map[string]string{
		client.ReviewInReview: client.ReviewInReview,
		"IN_PROGRESS":         client.ReviewInReview, // currentInspection.status (reference §13.2)
		client.ReviewApproved: client.ReviewApproved,
		client.ReviewRejected: client.ReviewRejected,
	}
	promotionStatuses = identityMap(client.PromotionReady, client.PromotionRunning, client.PromotionStopped,
		client.PromotionEnded)
	catalogStatuses      = identityMap(client.CatalogNotRegisteredYet, client.CatalogActive, client.CatalogInactive)
	postInspectionStates = identityMap(client.CatalogActive, client.CatalogInactive)
)

func identityMap(values ...string) map[string]string {
	m := make(map[string]string, len(values))
	for _, v := range values {
		m[v] = v
	}
	return m
}

var pushTemplateAnswer = []answerField{
	{field: "code", paths: []string{"code"}, kind: kindString, required: true},
	{field: "templateSetCode", paths: []string{"templateSetCode"}, kind: kindString, required: true},
	{field: "name", paths: []string{"name"}, kind: kindString, required: true},
	{field: "title", paths: []string{"title"}, kind: kindString, required: true},
	{field: "body", paths: []string{"body"}, kind: kindString, required: true},
	{field: "landingUrl", paths: []string{"landingUrl"}, kind: kindString},
	{field: "agreementRequired", paths: []string{"agreementRequired"}, kind: kindBoolean, required: true},
	{field: "reviewStatus", paths: []string{"reviewStatus"}, kind: kindString, required: true, statuses: reviewStatuses},
	{field: "reviewComment", paths: []string{"reviewComment"}, kind: kindString},
}

// promotionAnswer: the console's promotion carries no reviewComment (promotion_review_comment
// reads it); the contract's does, so both are accepted.
var promotionAnswer = []answerField{
	{field: "promotionCode", paths: []string{"promotionCode"}, kind: kindID, required: true},
	{field: "name", paths: []string{"name"}, kind: kindString, required: true},
	{field: "missionName", paths: []string{"missionName"}, kind: kindString, required: true},
	{field: "benefitTabExposed", paths: []string{"benefitTabExposed"}, kind: kindBoolean, required: true},
	{field: "landingUrl", paths: []string{"landingUrl"}, kind: kindString},
	{field: "totalBudget", paths: []string{"totalBudget"}, kind: kindInteger, required: true},
	{field: "maxAmountPerUserPerDay", paths: []string{"maxAmountPerUserPerDay"}, kind: kindInteger, required: true},
	{field: "grantType", paths: []string{"grantType"}, kind: kindString, required: true},
	{field: "amount", paths: []string{"amount"}, kind: kindInteger, required: true},
	{field: "status", paths: []string{"status"}, kind: kindString, required: true, statuses: promotionStatuses},
	{field: "reviewStatus", paths: []string{"reviewStatus"}, kind: kindString, required: true, statuses: reviewStatuses},
	{field: "reviewComment", paths: []string{"reviewComment"}, kind: kindString},
	{field: "budgetUsed", paths: []string{"budgetUsed"}, kind: kindInteger},
}

var promotionReviewCommentAnswer = []answerField{
	{field: "reviewComment", paths: []string{"reviewComment"}, kind: kindString},
}

// iapProductAnswer: the console's read model first (reference §13.2), the contract's names second.
// The review state is the contract's reviewStatus or the console's currentInspection.
var iapProductAnswer = []answerField{
	{field: "productId", paths: []string{"productId"}, kind: kindID, required: true},
	{field: "sku", paths: []string{"sku"}, kind: kindString},
	{field: "type", paths: []string{"productType", "type"}, kind: kindString, required: true},
	{field: "name", paths: []string{"productName", "name"}, kind: kindString, required: true},
	{field: "description", paths: []string{"description"}, kind: kindString},
	{field: "price", paths: []string{"netPrice", "price"}, kind: kindInteger, required: true},
	{field: "grossPrice", paths: []string{"grossPrice"}, kind: kindInteger},
	{field: "iconImgUrl", paths: []string{"iconImgUrl"}, kind: kindString},
	{field: "minDeploymentId", paths: []string{"minDeploymentId"}, kind: kindString},
	{field: "postInspectionStatus", paths: []string{"postInspectionStatus"}, kind: kindString,
		statuses: postInspectionStates},
	{field: "renewalCycle", paths: []string{"renewalCycle"}, kind: kindString},
	{field: "discountPolicies", paths: []string{"discountPolicies"}, kind: kindObjects, items: discountPolicyAnswer},
	{field: "catalogStatus", paths: []string{"catalogStatus"}, kind: kindString, required: true, statuses: catalogStatuses},
	{field: "reviewStatus", paths: []string{"reviewStatus", "currentInspection.status"}, kind: kindString, required: true,
		statuses: reviewStatuses, whenAbsent: approvedOnceRegistered},
	{field: "reviewComment", paths: []string{"reviewComment", "currentInspection.comment"}, kind: kindString},
}

// approvedOnceRegistered is the review state of a product the console shows with no current
// inspection (currentInspection null). [INFER] A product leaves NOT_REGISTERED_YET only on its
// first approval, so a registered (ACTIVE or INACTIVE) product with no inspection in flight was
// approved. An unregistered one with none is left without a value, which is an error.
func approvedOnceRegistered(answer map[string]any) (any, bool) {
	switch answer["catalogStatus"] {
	case client.CatalogActive, client.CatalogInactive:
		return client.ReviewApproved, true
	}
	return nil, false
}

var discountPolicyAnswer = []answerField{
	{field: "type", paths: []string{"type"}, kind: kindString, required: true},
	{field: "period", paths: []string{"period"}, kind: kindString},
	{field: "durationMonths", paths: []string{"durationMonths"}, kind: kindInteger},
	{field: "discountedPrice", paths: []string{"discountedNetPrice", "discountedPrice"}, kind: kindInteger},
}

var workspaceAnswer = []answerField{
	{field: "workspaceId", paths: []string{"workspaceId"}, kind: kindID, required: true},
	{field: "workspaceName", paths: []string{"workspaceName"}, kind: kindString},
}

var miniAppAnswer = []answerField{
	{field: "miniAppId", paths: []string{"miniAppId"}, kind: kindID, required: true},
	{field: "appName", paths: []string{"appName"}, kind: kindString, required: true},
	{field: "displayName", paths: []string{"displayName"}, kind: kindString},
}

// toolMappings is every tool the provider calls.
var toolMappings = map[string]toolMapping{
	toolWorkspaceList: {
		answer: answerShape{list: "workspaces", fields: workspaceAnswer},
		safety: client.Read,
	},
	toolMiniAppList: {
		args:   []argument{workspaceArg},
		answer: answerShape{list: "miniApps", fields: miniAppAnswer},
		safety: client.Read,
	},

	toolPushTemplateList: {
		args:   listArgs(),
		answer: answerShape{list: "contents", paged: true, fields: pushTemplateAnswer},
		safety: client.Read,
	},
	toolPushTemplateCreate: {
		args:   concat([]argument{workspaceArg, miniAppArg}, pushTemplateFields(mustSend)),
		answer: answerShape{fields: pushTemplateAnswer},
		safety: client.UnkeyedWrite,
	},
	// The update names the template by templateSetCode; its code cannot change.
	toolPushTemplateUpdate: {
		args:   concat([]argument{workspaceArg, miniAppArg, idArg("templateSetCode")}, pushTemplateFields(sendIfAccepted)),
		answer: answerShape{fields: pushTemplateAnswer},
		safety: client.IdempotentWrite,
	},

	toolPromotionList: {
		args:   listArgs(),
		answer: answerShape{list: "contents", paged: true, fields: promotionAnswer},
		safety: client.Read,
	},
	toolPromotionGet: {
		args:   []argument{workspaceArg, miniAppArg, idArg("promotionCode")},
		answer: answerShape{fields: promotionAnswer},
		safety: client.Read,
	},
	toolPromotionCreate: {
		args:   concat([]argument{workspaceArg, miniAppArg}, promotionFields(mustSend)),
		answer: answerShape{fields: promotionAnswer},
		safety: client.UnkeyedWrite,
	},
	toolPromotionModify: {
		args:   concat([]argument{workspaceArg, miniAppArg, idArg("promotionCode")}, promotionFields(sendIfAccepted)),
		answer: answerShape{fields: promotionAnswer},
		safety: client.IdempotentWrite,
	},
	toolPromotionChangeStatus: {
		args:   []argument{workspaceArg, miniAppArg, idArg("promotionCode"), statusArg()},
		answer: answerShape{fields: promotionAnswer},
		safety: client.IdempotentWrite,
	},
	toolPromotionReviewComment: {
		args:   []argument{workspaceArg, miniAppArg, idArg("promotionCode")},
		answer: answerShape{fields: promotionReviewCommentAnswer},
		safety: client.Read,
	},

	toolIAPProductList: {
		args:   listArgs(),
		answer: answerShape{list: "contents", paged: true, fields: iapProductAnswer},
		safety: client.Read,
	},
	toolIAPProductGet: {
		args:   []argument{workspaceArg, miniAppArg, idArg("productId")},
		answer: answerShape{fields: iapProductAnswer},
		safety: client.Read,
	},
	toolIAPProductCreateInspection: {
		args:   concat([]argument{workspaceArg, miniAppArg}, iapProductFields(mustSend), consoleFixedFields),
		answer: answerShape{fields: iapProductAnswer},
		safety: client.UnkeyedWrite,
	},
	toolIAPProductUpdateInspection: {
		args:   concat([]argument{workspaceArg, miniAppArg, idArg("productId")}, iapProductFields(sendIfAccepted)),
		answer: answerShape{fields: iapProductAnswer},
		safety: client.IdempotentWrite,
	},
	toolIAPProductChangeStatus: {
		args:   []argument{workspaceArg, miniAppArg, idArg("productId"), statusArg()},
		answer: answerShape{fields: iapProductAnswer},
		safety: client.IdempotentWrite,
	},
}

func concat(groups ...[]argument) []argument {
	var all []argument
	for _, g := range groups {
		all = append(all, g...)
	}
	return all
}
