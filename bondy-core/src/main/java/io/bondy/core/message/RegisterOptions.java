package io.bondy.core.message;

/**
 * The options of a REGISTER the registrar acts on, read once from the dict.
 *
 * @param match          {@code match}: exact (default), prefix or wildcard
 * @param invoke         {@code invoke}: the shared-registration policy as sent, or null for {@code single}
 * @param discloseCaller {@code disclose_caller}: the callee wants the caller's identity (default false)
 * @param forwardTimeout {@code forward_timeout}: the callee runs call timeouts itself (default false)
 */
public record RegisterOptions(MatchPolicy match, Object invoke, boolean discloseCaller, boolean forwardTimeout) {

    /** Reads the options of {@code register}. */
    public static RegisterOptions of(Register register) {
        return new RegisterOptions(register.match(), register.options().get("invoke"),
                Boolean.TRUE.equals(register.options().get("disclose_caller")),
                Boolean.TRUE.equals(register.options().get("forward_timeout")));
    }
}
