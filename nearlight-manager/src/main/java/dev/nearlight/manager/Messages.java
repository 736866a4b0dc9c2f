package dev.nearlight.manager;

import java.util.List;
import java.util.Map;

/**
 * The registry messages the manager emits (Base 1.22.1, Composition 1.1.3, ResourceEvent 1.4.3), with their
 * templates copied from the DMTF registries so that MessageId, Message and MessageArgs agree.
 */
public final class Messages {
    private Messages() {}

    /**
     * One resolved message.
     *
     * @param messageId registry-qualified id, e.g. {@code Composition.1.1.3.NoResourceMatch}
     * @param message the template with its arguments substituted
     * @param args the arguments
     * @param severity OK, Warning or Critical
     * @param resolution what the client should do
     * @param relatedProperties JSON pointers of properties involved, may be empty
     */
    public record Info(
            String messageId,
            String message,
            List<String> args,
            String severity,
            String resolution,
            List<String> relatedProperties) {}

    private record Template(String registry, String text, String severity, String resolution) {}

    private static final String BASE = "Base.1.22.1";
    private static final String COMP = "Composition.1.1.3";
    private static final String RES = "ResourceEvent.1.4.3";

    private static final Map<String, Template> TEMPLATES = Map.ofEntries(
            Map.entry(
                    "GeneralError",
                    new Template(
                            BASE,
                            "A general error has occurred.  See Resolution for information on how to resolve the"
                                    + " error, or @Message.ExtendedInfo if Resolution is not provided.",
                            "Critical",
                            "None.")),
            Map.entry(
                    "NoOperation",
                    new Template(
                            BASE,
                            "The request body submitted contain no data to act upon and no changes to the resource took place.",
                            "Warning",
                            "Add properties in the JSON object and resubmit the request.")),
            Map.entry(
                    "PropertyUnknown",
                    new Template(
                            BASE,
                            "The property %1 is not in the list of valid properties for the resource.",
                            "Warning",
                            "Remove the unknown property from the request body and resubmit the request if the operation failed.")),
            Map.entry(
                    "PropertyValueFormatError",
                    new Template(
                            BASE,
                            "The value '%1' for the property %2 is not a format that the property can accept.",
                            "Warning",
                            "Correct the value for the property in the request body and resubmit the request if the operation failed.")),
            Map.entry(
                    "PropertyValueOutOfRange",
                    new Template(
                            BASE,
                            "The value '%1' for the property %2 is not in the supported range of acceptable values.",
                            "Warning",
                            "Correct the value for the property in the request body and resubmit the request if the operation failed.")),
            Map.entry(
                    "PayloadTooLarge",
                    new Template(
                            BASE,
                            "The supplied payload exceeds the maximum size supported by the service.",
                            "Critical",
                            "Check that the supplied payload is correct and supported by this service.")),
            Map.entry(
                    "ServiceTemporarilyUnavailable",
                    new Template(
                            BASE,
                            "The service is temporarily unavailable.  Retry in %1 seconds.",
                            "Critical",
                            "Wait for the indicated retry duration and retry the operation.")),
            Map.entry(
                    "StringValueTooLong",
                    new Template(
                            BASE,
                            "The string '%1' exceeds the length limit %2.",
                            "Warning",
                            "Resubmit the request with an appropriate string length.")),
            Map.entry(
                    "PropertyValueConflict",
                    new Template(
                            BASE,
                            "The property '%1' could not be written because its value would conflict with the value of the '%2' property.",
                            "Warning",
                            "None.")),
            Map.entry(
                    "PasswordIncorrectLength",
                    new Template(
                            BASE,
                            "The password provided for this account does not meet the password length requirements of the service.",
                            "Critical",
                            "Resubmit the request with a password that meets the password length requirements as specified by the `MinPasswordLength` and `MaxPasswordLength` properties in the `AccountService` resource.")),
            Map.entry(
                    "PasswordComplexityNotMet",
                    new Template(
                            BASE,
                            "The password provided for this account does not meet the password complexity requirements of the service.",
                            "Critical",
                            "Resubmit the request with a password that meets the password complexity requirements as specified by the `PasswordGuidanceMessage` property in the `AccountService` resource.")),
            Map.entry(
                    "HeaderInvalid",
                    new Template(
                            BASE,
                            "Header '%1' is invalid.",
                            "Critical",
                            "Resubmit the request with a valid request header.")),
            Map.entry(
                    "OperationTimeout",
                    new Template(
                            BASE,
                            "A timeout internal to the service occurred as part of the request.  Partial results may have been returned.",
                            "Warning",
                            "Resubmit the request.  If the problem persists, consider resetting the service or provider.")),
            Map.entry(
                    "ActionParameterValueTypeError",
                    new Template(
                            BASE,
                            "The value '%1' for the parameter %2 in the action %3 is not a type that the parameter can accept.",
                            "Warning",
                            "Correct the value for the parameter in the request body and resubmit the request if the operation failed.")),
            Map.entry(
                    "ActionParameterValueOutOfRange",
                    new Template(
                            BASE,
                            "The value '%1' for the parameter %2 in the action %3 is not in the supported range of acceptable values.",
                            "Warning",
                            "Correct the value for the parameter in the request body and resubmit the request if the operation failed.")),
            Map.entry(
                    "ActionParameterUnknown",
                    new Template(
                            BASE,
                            "The action %1 was submitted with the invalid parameter %2.",
                            "Warning",
                            "Correct the invalid action parameter and resubmit the request if the operation failed.")),
            Map.entry(
                    "InternalError",
                    new Template(
                            BASE,
                            "The request failed due to an internal service error.  The service is still operational.",
                            "Critical",
                            "Resubmit the request.  If the problem persists, consider resetting the service.")),
            Map.entry(
                    "ArraySizeTooLong",
                    new Template(
                            BASE,
                            "The array provided for property %1 exceeds the size limit %2.",
                            "Warning",
                            "Resubmit the request with an appropriate array size.")),
            Map.entry(
                    "EmptyJSON",
                    new Template(
                            BASE,
                            "The request body submitted contained an empty JSON object and the service is unable to process it.",
                            "Warning",
                            "Add properties in the JSON object and resubmit the request.")),
            Map.entry(
                    "UnrecognizedRequestBody",
                    new Template(
                            BASE,
                            "The service detected a malformed request body that it was unable to interpret.",
                            "Warning",
                            "Correct the request body and resubmit the request if it failed.")),
            Map.entry("Created", new Template(BASE, "The resource was created successfully.", "OK", "None.")),
            Map.entry("Success", new Template(BASE, "The request completed successfully.", "OK", "None.")),
            Map.entry(
                    "PropertyValueNotInList",
                    new Template(
                            BASE,
                            "The value '%1' for the property %2 is not in the list of acceptable values.",
                            "Warning",
                            "Choose a value from the enumeration list that the implementation can support and"
                                    + " resubmit the request if the operation failed.")),
            Map.entry(
                    "PropertyValueTypeError",
                    new Template(
                            BASE,
                            "The value '%1' for the property %2 is not a type that the property can accept.",
                            "Warning",
                            "Correct the value for the property in the request body and resubmit the request if"
                                    + " the operation failed.")),
            Map.entry(
                    "PropertyMissing",
                    new Template(
                            BASE,
                            "The property %1 is a required property and must be included in the request.",
                            "Warning",
                            "Ensure that the property is in the request body and has a valid value and resubmit"
                                    + " the request if the operation failed.")),
            Map.entry(
                    "PropertyNotWritable",
                    new Template(
                            BASE,
                            "The property %1 is a read-only property and cannot be assigned a value.",
                            "Warning",
                            "Remove the property from the request body and resubmit the request if the operation"
                                    + " failed.")),
            Map.entry(
                    "MalformedJSON",
                    new Template(
                            BASE,
                            "The request body submitted was malformed JSON and could not be parsed by the receiving"
                                    + " service.",
                            "Critical",
                            "Ensure that the request body is valid JSON and resubmit the request.")),
            Map.entry(
                    "ResourceNotFound",
                    new Template(
                            BASE,
                            "The requested resource of type %1 named '%2' was not found.",
                            "Critical",
                            "Provide a valid resource identifier and resubmit the request.")),
            Map.entry(
                    "ResourceAlreadyExists",
                    new Template(
                            BASE,
                            "The requested resource of type %1 with the property %2 with the value '%3' already"
                                    + " exists.",
                            "Critical",
                            "Do not repeat the create operation as the resource has already been created.")),
            Map.entry(
                    "ResourceInUse",
                    new Template(
                            BASE,
                            "The change to the requested resource failed because the resource is in use or in"
                                    + " transition.",
                            "Warning",
                            "Remove the condition and resubmit the request if the operation failed.")),
            Map.entry(
                    "ResourceCannotBeDeleted",
                    new Template(
                            BASE,
                            "The delete request failed because the resource requested cannot be deleted.",
                            "Critical",
                            "Do not attempt to delete a non-deletable resource.")),
            Map.entry(
                    "NoValidSession",
                    new Template(
                            BASE,
                            "There is no valid session established with the implementation.",
                            "Critical",
                            "Establish a session before attempting any operations.")),
            Map.entry(
                    "InsufficientPrivilege",
                    new Template(
                            BASE,
                            "There are insufficient privileges for the account or credentials associated with the"
                                    + " current session to perform the requested operation.",
                            "Critical",
                            "Either abandon the operation or change the associated access rights and resubmit the"
                                    + " request if the operation failed.")),
            Map.entry(
                    "PreconditionFailed",
                    new Template(
                            BASE,
                            "The ETag supplied did not match the ETag required to change this resource.",
                            "Critical",
                            "Try the operation again using the appropriate ETag.")),
            Map.entry(
                    "OperationNotAllowed",
                    new Template(BASE, "The HTTP method is not allowed on this resource.", "Critical", "None.")),
            Map.entry(
                    "QueryParameterValueFormatError",
                    new Template(
                            BASE,
                            "The value '%1' for the parameter %2 is not a format that the parameter can accept.",
                            "Warning",
                            "Correct the value for the query parameter in the request and resubmit the request if"
                                    + " the operation failed.")),
            Map.entry(
                    "QueryParameterOutOfRange",
                    new Template(
                            BASE,
                            "The value '%1' for the query parameter %2 is out of range %3.",
                            "Warning",
                            "Reduce the value for the query parameter to a value that is within range, such as a"
                                    + " start or count value that is within bounds of the number of resources in a"
                                    + " collection or a page number that is within the range of valid pages.")),
            Map.entry(
                    "QueryNotSupportedOnResource",
                    new Template(
                            BASE,
                            "Querying is not supported on the requested resource.",
                            "Warning",
                            "Remove the query parameters and resubmit the request if the operation failed.")),
            Map.entry(
                    "QueryNotSupportedOnOperation",
                    new Template(
                            BASE,
                            "Querying is not supported with the requested operation.",
                            "Warning",
                            "Remove the query parameters and resubmit the request if the operation failed.")),
            Map.entry(
                    "QueryCombinationInvalid",
                    new Template(
                            BASE,
                            "Two or more query parameters in the request cannot be used together.",
                            "Warning",
                            "Remove one or more of the query parameters and resubmit the request if the operation"
                                    + " failed.")),
            Map.entry(
                    "QueryParameterUnsupported",
                    new Template(
                            BASE,
                            "Query parameter '%1' is not supported.",
                            "Warning",
                            "Correct or remove the query parameter and resubmit the request.")),
            Map.entry(
                    "ActionParameterMissing",
                    new Template(
                            BASE,
                            "The action %1 requires the parameter %2 to be present in the request body.",
                            "Critical",
                            "Supply the action with the required parameter in the request body when the request is"
                                    + " resubmitted.")),
            Map.entry(
                    "ActionParameterValueNotInList",
                    new Template(
                            BASE,
                            "The value '%1' for the parameter %2 in the action %3 is not in the list of acceptable"
                                    + " values.",
                            "Warning",
                            "Choose a value from the enumeration list that the implementation can support and"
                                    + " resubmit the request if the operation failed.")),
            Map.entry(
                    "NoResourceMatch",
                    new Template(
                            COMP,
                            "The requested resources of type '%1' are not available for allocation.",
                            "Critical",
                            "Change the parameters associated with the resource, such as quantity or performance,"
                                    + " and resubmit the request.")),
            Map.entry(
                    "IncompatibleZone",
                    new Template(
                            COMP,
                            "The requested resource blocks span multiple resource zones.",
                            "Critical",
                            "Request resource blocks from the same resource zone.")),
            Map.entry(
                    "ResourceBlockInUse",
                    new Template(
                            COMP,
                            "Resource block '%1' cannot be part of any new compositions.",
                            "Warning",
                            "Remove the resource block from other compositions or select a different resource"
                                    + " block.")),
            Map.entry(
                    "ResourceBlockNotFound",
                    new Template(
                            COMP,
                            "Resource block '%1' was not found.",
                            "Critical",
                            "Remove the resource block and resubmit the request.")),
            Map.entry(
                    "ResourceBlockInvalid",
                    new Template(
                            COMP,
                            "Resource block '%1' is not valid.",
                            "Critical",
                            "Remove the resource block and resubmit the request.")),
            Map.entry("ResourceCreated", new Template(RES, "The resource was created successfully.", "OK", "None.")),
            Map.entry("ResourceRemoved", new Template(RES, "The resource was removed successfully.", "OK", "None.")),
            Map.entry(
                    "ResourceStatusChangedOK",
                    new Template(RES, "The health of resource '%1' has changed to %2.", "OK", "None.")),
            Map.entry(
                    "ResourceStatusChangedWarning",
                    new Template(RES, "The health of resource '%1' has changed to %2.", "Warning", "None.")),
            Map.entry(
                    "ResourceStatusChangedCritical",
                    new Template(RES, "The health of resource '%1' has changed to %2.", "Critical", "None.")),
            Map.entry(
                    "ResourceStateChanged",
                    new Template(RES, "The state of resource '%1' has changed to %2.", "OK", "None.")),
            Map.entry(
                    "ResourceChanged",
                    new Template(RES, "One or more resource properties have changed.", "OK", "None.")),
            Map.entry("TestMessage", new Template(RES, "Test message.", "OK", "None.")));

    /** Resolves a message by its short id with arguments. */
    public static Info of(String id, String... args) {
        return withProps(id, List.of(), args);
    }

    /** Resolves a message and names the related request properties (JSON pointers). */
    public static Info withProps(String id, List<String> related, String... args) {
        Template t = TEMPLATES.get(id);
        if (t == null) {
            throw new IllegalArgumentException("unknown message id " + id);
        }
        String text = t.text();
        for (int i = args.length; i >= 1; i--) {
            text = text.replace("%" + i, args[i - 1]);
        }
        return new Info(t.registry() + "." + id, text, List.of(args), t.severity(), t.resolution(), related);
    }

    /** The same message with a different resolution text (e.g. the per-constraint elimination counts). */
    public static Info withResolution(Info info, String resolution) {
        return new Info(
                info.messageId(), info.message(), info.args(), info.severity(), resolution, info.relatedProperties());
    }
}
