package tools;

import java.util.regex.Pattern;

public class Emailer {
    private static final Pattern EMAIL = Pattern.compile("^[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+$");

    /** Check that an address looks like a valid e-mail address. */
    public static boolean isValidAddress(String address) {
        return address != null && EMAIL.matcher(address).matches();
    }

    public String renderTemplate(String template, java.util.Map<String, String> values) {
        String out = template;
        for (var e : values.entrySet()) {
            out = out.replace("{{" + e.getKey() + "}}", e.getValue());
        }
        return out;
    }
}
